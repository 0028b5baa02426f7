import { Registry } from 'prom-client';
import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import type { StreamOptions } from '../api-ports';
import { startTestApi, type TestApi } from '../testing/api-test-app';
import { buildLargeChain } from '../testing/large-chain';
import { openStream, refusal, type StreamClient } from '../testing/stream-client';
import { BlockStreamServer } from './block-stream.server';
import { DecideBroadcaster } from './decide-broadcaster';
import { CLOSE_SLOW_CONSUMER } from './stream-session';

const TX_BYTES = 256 * 1024;
const BOUND = 256 * 1024;
/** 48 blocks of 256 KiB: more than loopback socket buffers hold for a client that stops reading. */
const large = buildLargeChain(5n, 48, TX_BYTES);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Loopback addresses the test clients bind to, so the server sees distinct client addresses. */
const FLOODER = '127.0.0.2';
const HONEST = '127.0.0.3';

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('stream limits per client (hardening finding 7)', () => {
  let store: AvailabilityStore;
  let feed: DecideBroadcaster;
  let registry: Registry;
  let api: TestApi | undefined;
  const clients: StreamClient[] = [];

  const start = async (options: Partial<StreamOptions>) => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    await store.appendDecided(large.slice(0, 1));
    feed = new DecideBroadcaster();
    registry = new Registry();
    api = await startTestApi({ store, feed, registry, streamOptions: { heartbeatMs: 0, ...options } });
    return api;
  };
  const url = (path: string) => `${api!.wsUrl}/v0/availability/stream/${path}`;
  const open = async (path: string, options: { paused?: boolean; localAddress?: string }) => {
    const client = await openStream(url(path), options);
    clients.push(client);
    return client;
  };
  const metric = async (name: string, labels: Record<string, string> = {}) => {
    const found = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
    const value = found?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
    return value?.value ?? 0;
  };

  afterEach(async () => {
    clients.splice(0).forEach((client) => client.socket.terminate());
    await api?.close();
    api = undefined;
    await store.close();
  });

  it('refuses one address its streams beyond the per-client bound with 429, while another address still connects', async () => {
    await start({ maxConnectionsPerClient: 3, maxConnections: 100 });
    for (let i = 0; i < 3; i++) await open('headers/0', { localAddress: FLOODER });
    const refused = await refusal(url('headers/0'), FLOODER);
    expect(refused).toMatchObject({
      status: 429,
      body: { error: 'TooManyClientStreamsError', details: { maxPerClient: 3 } },
      headers: { 'retry-after': '1' },
    });
    const honest = await open('headers/0', { localAddress: HONEST });
    await honest.waitFor((m) => m.length === 1, 'the honest client to get height 0');
    expect(api!.app.get(BlockStreamServer).openStreams).toBe(4);
    expect(await metric('sequencer_api_stream_refusals_total', { reason: 'client_limit' })).toBe(1);
    expect(await metric('sequencer_api_streams_open')).toBe(4);

    // A closed stream frees its slot for the same address.
    clients[0]!.socket.close();
    await clients[0]!.closed;
    await until(() => api!.app.get(BlockStreamServer).openStreams === 3, 'the server to see the close');
    await open('headers/0', { localAddress: FLOODER });
  });

  it('answers 503 with Retry-After when the node holds its most streams, counted apart from the per-client refusals', async () => {
    await start({ maxConnectionsPerClient: 10, maxConnections: 2 });
    await open('headers/0', { localAddress: FLOODER });
    await open('headers/0', { localAddress: HONEST });
    expect(await refusal(url('headers/0'), '127.0.0.4')).toMatchObject({
      status: 503,
      body: { error: 'TooManyStreamsError' },
      headers: { 'retry-after': '1' },
    });
    expect(await metric('sequencer_api_stream_refusals_total', { reason: 'node_limit' })).toBe(1);
    expect(await metric('sequencer_api_stream_refusals_total', { reason: 'client_limit' })).toBe(0);
    expect(await refusal(url('headers/x'), '127.0.0.4')).toMatchObject({ status: 400 });
    expect(await metric('sequencer_api_stream_refusals_total', { reason: 'bad_request' })).toBe(1);
  });

  it('closes a stream whose unread bytes pass the bound with 1008 "slow consumer", counts it, and serves a reader in full', async () => {
    await start({ maxBufferedBytes: BOUND, stallTimeoutMs: 60_000, slowConsumerGraceMs: 60_000 });
    const reader = await open('blocks/1', { localAddress: HONEST });
    const stalled = await open('blocks/1', { localAddress: FLOODER, paused: true });
    for (let height = 1; height < large.length; height++) {
      await store.appendDecided([large[height]!]);
      feed.publish([large[height]!]);
      // The reading client shares this event loop: give it turns to read.
      await sleep(5);
    }
    await reader.waitFor((m) => m.at(-1)?.height === large.length - 1, 'the last height');
    await until(
      async () => (await metric('sequencer_api_streams_dropped_total', { reason: 'slow_consumer' })) === 1,
      'the slow consumer to be counted',
    );
    expect(api!.app.get(BlockStreamServer).openStreams).toBe(1);
    // Reading again, the client finds the close frame behind what it had left unread.
    (stalled.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    const closed = await stalled.closed;
    expect(closed).toEqual({ code: CLOSE_SLOW_CONSUMER, reason: `slow consumer: more than ${BOUND} bytes unread` });
    expect(stalled.heights().length).toBeLessThan(large.length - 1);
  });
});
