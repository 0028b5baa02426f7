import { Global, Module, type Provider } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Registry } from 'prom-client';
import type { AvailabilityStore } from '@hotshot/storage';
import { silentLogger, type Logger } from '@hotshot/telemetry';
import { ApiModule } from '../api.module';
import {
  API_LOGGER,
  AVAILABILITY_STORE,
  DECIDE_FEED,
  HOTSHOT_CONFIG,
  METRICS_REGISTRY,
  NODE_STATUS,
  STREAM_OPTIONS,
  SUBMIT_PORT,
  type DecideFeed,
  type HotShotConfigSource,
  type NodeStatus,
  type StreamOptions,
  type SubmitPort,
} from '../api-ports';
import { startApi } from '../start-api';
import { DecideBroadcaster } from '../stream/decide-broadcaster';

/** The ports a test API runs with; everything but the store has a default. */
export interface TestApiPorts {
  readonly store: AvailabilityStore;
  readonly feed?: DecideFeed;
  readonly config?: HotShotConfigSource;
  readonly status?: NodeStatus;
  /** The mempool port; without `submitBatch`, batches fail as an internal error. */
  readonly submit?: Omit<SubmitPort, 'submitBatch'> & Partial<Pick<SubmitPort, 'submitBatch'>>;
  readonly registry?: Registry;
  readonly log?: Logger;
  readonly streamOptions?: Partial<StreamOptions>;
  /** The network's largest transaction (default 1024), or how to read it as the node does (undefined: not joined). */
  readonly maxTxBytes?: number | (() => number | undefined);
  readonly onAnswered?: (route: string, status: number) => void;
}

/** A running test API and where to reach it. */
export interface TestApi {
  readonly app: NestFastifyApplication;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `ws://127.0.0.1:<port>` */
  readonly wsUrl: string;
  /** The feed the API follows (the given one, or a DecideBroadcaster the test publishes to). */
  readonly feed: DecideFeed;
  close(): Promise<void>;
}

const NO_MEMPOOL: SubmitPort = {
  submit: () => Promise.reject(new Error('no mempool')),
  submitBatch: () => Promise.reject(new Error('no mempool')),
};

/** Starts the API module on an ephemeral port with the given ports provided globally, as the node does (tests only). */
export async function startTestApi(ports: TestApiPorts): Promise<TestApi> {
  const feed = ports.feed ?? new DecideBroadcaster();
  const status: NodeStatus = ports.status ?? {
    blockHeight: async () => ((await ports.store.latestHeight()) ?? -1) + 1,
    lastDecideAtMs: () => undefined,
    isRunning: () => true,
  };
  const providers: Provider[] = [
    { provide: AVAILABILITY_STORE, useValue: ports.store },
    { provide: SUBMIT_PORT, useValue: { ...NO_MEMPOOL, ...ports.submit } },
    { provide: NODE_STATUS, useValue: status },
    { provide: METRICS_REGISTRY, useValue: ports.registry ?? new Registry() },
    { provide: API_LOGGER, useValue: ports.log ?? silentLogger },
    { provide: DECIDE_FEED, useValue: feed },
    { provide: HOTSHOT_CONFIG, useValue: ports.config ?? { current: () => undefined } },
    { provide: STREAM_OPTIONS, useValue: ports.streamOptions ?? {} },
  ];
  @Global()
  @Module({ providers, exports: providers.map((p) => (p as { provide: symbol }).provide) })
  class TestPorts {}
  @Module({ imports: [TestPorts, ApiModule] })
  class Root {}
  const app = await startApi(Root, {
    host: '127.0.0.1',
    port: 0,
    maxTxBytes: ports.maxTxBytes ?? 1024,
    log: ports.log ?? silentLogger,
    onAnswered: ports.onAnswered,
  });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, wsUrl: url.replace(/^http/, 'ws'), feed, close: () => app.close() };
}
