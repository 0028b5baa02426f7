import { Global, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Registry } from 'prom-client';
import type { AvailabilityStore } from '@hotshot/storage';
import { silentLogger, type Logger } from '@hotshot/telemetry';
import { ApiModule } from '../api.module';
import {
  apiPortProviders,
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
  const providers = apiPortProviders({
    store: ports.store,
    submit: { ...NO_MEMPOOL, ...ports.submit },
    status,
    registry: ports.registry ?? new Registry(),
    log: ports.log ?? silentLogger,
    feed,
    config: ports.config ?? { current: () => undefined },
    streamOptions: ports.streamOptions ?? {},
  });
  @Global()
  @Module({ providers, exports: providers.map((provider) => provider.provide) })
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
