import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@hotshot/telemetry';
import { ApiModule } from './api/api.module';
import {
  apiPortProviders,
  type DecideFeed,
  type HotShotConfigSource,
  type NodeStatus,
  type StreamOptions,
} from './api/api-ports';
import { DASHBOARD_NODE_INFO, type DashboardNodeInfo } from './api/dashboard/dashboard-ports';
import type { NodeRuntime } from './node-runtime';

/** The runtime's progress as the API's status routes and every `/healthz` judge it. */
export function nodeStatusOf(runtime: NodeRuntime): NodeStatus {
  return {
    blockHeight: async () => ((await runtime.availability.latestHeight()) ?? -1) + 1,
    lastDecideAtMs: () => runtime.lastDecideAtMs,
    isRunning: () => runtime.isRunning,
    healthFacts: () => {
      const started = runtime.consensusStartedAtMs;
      const decided = runtime.lastDecideAtMs;
      const viewTimeoutMs = runtime.welcome?.config.viewTimeoutMs;
      return {
        storageFailure: runtime.storageFailure,
        lastProgressAtMs: started === undefined ? undefined : Math.max(started, decided ?? started),
        stallAfterMs: viewTimeoutMs === undefined ? undefined : 10 * viewTimeoutMs,
      };
    },
  };
}

/** The node as Nest sees it: the runtime's parts behind the API's ports, and the API. */
@Global()
@Module({})
export class SequencerModule {
  static forRuntime(
    runtime: NodeRuntime,
    log: Logger,
    dashboard?: DashboardNodeInfo,
    streams?: Partial<StreamOptions>,
  ): DynamicModule {
    const status = nodeStatusOf(runtime);
    const feed: DecideFeed = { subscribe: (listener) => runtime.onDecide(listener) };
    // The same object on every call once known: the endpoint renders its answer once per object.
    let known: ReturnType<HotShotConfigSource['current']>;
    const hotshotConfig: HotShotConfigSource = {
      current: () => {
        const welcome = runtime.welcome;
        if (!known && welcome) known = { config: welcome.config, stakeTable: welcome.stakeTable };
        return known;
      },
    };
    const providers = [
      ...apiPortProviders({
        store: runtime.availability,
        submit: {
          submit: (...args) => runtime.submit(...args),
          submitBatch: (...args) => runtime.submitBatch(...args),
        },
        status,
        registry: runtime.metrics.registry,
        log,
        feed,
        config: hotshotConfig,
        streamOptions: streams ?? {},
      }),
      ...(dashboard ? [{ provide: DASHBOARD_NODE_INFO, useValue: dashboard }] : []),
    ];
    return {
      module: SequencerModule,
      imports: [ApiModule],
      providers,
      exports: providers.map((provider) => provider.provide),
    };
  }
}
