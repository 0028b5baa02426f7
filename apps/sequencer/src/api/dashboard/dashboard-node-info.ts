import { readDeploymentFile } from '@hotshot/l1';
import type { Logger } from '@hotshot/telemetry';
import type { NodeRuntime } from '../../node-runtime';
import type { NodeSettings } from '../../node-settings';
import type { DashboardNodeInfo } from './dashboard-ports';
import { L1ProgressReader } from './l1-progress-reader';

/**
 * What the dashboard shows about this node: its storage and retention from the settings, its index and catch-up
 * peers from the runtime, and an L1 reader when the settings name an L1 and a deployment file (read here, at boot:
 * a missing or malformed file stops the node with DeploymentFileError).
 */
export function dashboardNodeInfo(
  settings: Pick<NodeSettings, 'storage' | 'retention' | 'l1'>,
  runtime: Pick<NodeRuntime, 'welcome' | 'catchupPeers' | 'metrics'>,
  log: Logger,
): DashboardNodeInfo {
  const l1 = settings.l1
    ? new L1ProgressReader(
        settings.l1.url,
        readDeploymentFile(settings.l1.deploymentFile),
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
