import { readDeploymentFile } from '@hotshot/l1';
import type { Logger } from '@hotshot/telemetry';
import type { NodeRuntime } from '../../node-runtime';
import type { NodeSettings } from '../../node-settings';
import type { DashboardNodeInfo } from './dashboard-ports';
import { L1ProgressReader } from './l1-progress-reader';

/**
 * What the dashboard shows about this node: its storage and retention from the settings, its index and catch-up
 * peers from the runtime, and an L1 reader when the settings name an L1 and a deployment file. The file is read
 * when the dashboard first asks, and again until it reads (it may be written after the node starts); until then the
 * dashboard shows the DeploymentFileError's message.
 */
export function dashboardNodeInfo(
  settings: Pick<NodeSettings, 'storage' | 'retention' | 'l1'>,
  runtime: Pick<NodeRuntime, 'welcome' | 'catchupPeers' | 'metrics'>,
  log: Logger,
): DashboardNodeInfo {
  const deploymentFile = settings.l1?.deploymentFile ?? '';
  const l1 = settings.l1
    ? new L1ProgressReader(
        settings.l1.url,
        () => readDeploymentFile(deploymentFile),
        runtime.metrics.registry,
        log.child({ module: 'l1-progress' }),
      )
    : undefined;
  return {
    storage: settings.storage === 'sqlite' ? 'sqlite' : 'postgres',
    retention: settings.retention,
    selfIndex: () => runtime.welcome?.nodeIndex,
    catchupPeers: () => runtime.catchupPeers(),
    ...(l1 && { l1 }),
  };
}
