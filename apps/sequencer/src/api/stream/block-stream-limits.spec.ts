import { connect } from 'node:net';
import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import { JsonLogger } from '@hotshot/telemetry';
import type { StreamOptions } from '../api-ports';
import { startTestApi, type TestApi } from '../testing/api-test-app';
import { buildLargeChain } from '../testing/large-chain';
import { openStream, refusal } from '../testing/stream-client';
import { BlockStreamServer } from './block-stream.server';
import { DecideBroadcaster } from './decide-broadcaster';

const TX_BYTES = 256 * 1024;
const BOUND = 256 * 1024;
/** 48 blocks of 256 KiB: about 16 MiB of JSON, more than loopback socket buffers hold for a client that stops reading. */
const large = buildLargeChain(3n, 48, TX_BYTES);
const range = (from: number, until: number) => Array.from({ length: until - from }, (_, i) => from + i);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Harness {
  store: AvailabilityStore;
  feed: DecideBroadcaster;
  api: TestApi;
  logs: Record<string, unknown>[];
  url(path: string): string;
  openStreams(): number;
}

async function start(initialHeights: number, streamOptions: Partial<StreamOptions>): Promise<Harness> {
  const store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
  await store.appendDecided(large.slice(0, initialHeights));
  const feed = new DecideBroadcaster();
  const logs: Record<string, unknown>[] = [];
  const log = new JsonLogger({ level: 'info', sink: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const api = await startTestApi({ store, feed, log, streamOptions: { heartbeatMs: 0, ...streamOptions } });
  return {
    store,
    feed,
    api,
    logs,
    url: (path) => `${api.wsUrl}/v0/availability/stream/${path}`,
    openStreams: () => api.app.get(BlockStreamServer).openStreams,
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('stream limits', () => {
  const harnesses: Harness[] = [];
  const harness = async (initialHeights: number, options: Partial<StreamOptions> = {}) => {
    const h = await start(initialHeights, options);
    harnesses.push(h);
    return h;
  };
  afterEach(async () => {
    for (const h of harnesses.splice(0)) {
      await h.api.close();
      await h.store.close();
    }
  });

  const dropped = (h: Harness) => h.logs.filter((line) => line.msg === 'stream client dropped');

  it('drops a live client that stops reading once its buffer passes the bound; a reading client gets everything', async () => {
    const h = await harness(1, { maxBufferedBytes: BOUND, stallTimeoutMs: 60_000 });
    const reader = await openStream(h.url('blocks/1'));
    const stalled = await openStream(h.url('blocks/1'), { paused: true });
    for (let height = 1; height < large.length; height++) {
      await h.store.appendDecided([large[height]!]);
      h.feed.publish([large[height]!]);
      // The reading client shares this event loop: give it turns to read.
      await sleep(5);
    }
    await reader.waitFor((m) => m.at(-1)?.height === large.length - 1, 'the last height');
    expect(reader.heights()).toEqual(range(1, large.length));
    await until(() => dropped(h).length === 1, 'the drop');
    const [drop] = dropped(h);
    expect(drop).toMatchObject({ reason: 'slow-consumer', kind: 'blocks' });
    // What the server held for it: under the bound plus the one message that crossed it.
    expect(drop!.bufferedBytes).toBeGreaterThan(BOUND);
    expect(drop!.bufferedBytes).toBeLessThan(BOUND + 2 * TX_BYTES);
    expect(h.openStreams()).toBe(1);
    stalled.socket.terminate();
  });

  it('drops a client that does not drain while it catches up from storage, after the stall timeout', async () => {
    const h = await harness(large.length, { maxBufferedBytes: BOUND, stallTimeoutMs: 1000 });
    const stalled = await openStream(h.url('blocks/0'), { paused: true });
    const reader = await openStream(h.url('blocks/0'));
    await reader.waitFor((m) => m.length === large.length, 'every height');
    expect(reader.heights()).toEqual(range(0, large.length));
    await until(() => dropped(h).length === 1, 'the drop');
    expect(dropped(h)[0]).toMatchObject({ reason: 'stalled' });
    expect(dropped(h)[0]!.bufferedBytes).toBeLessThan(BOUND + 2 * TX_BYTES);
    stalled.socket.terminate();
  });

  it('drops a client that stops answering pings, and keeps one that answers', async () => {
    const h = await harness(1, { heartbeatMs: 200 });
    const live = await openStream(h.url('headers/0'));
    const silent = await openStream(h.url('headers/0'), { paused: true });
    await until(() => dropped(h).length === 1, 'the drop');
    expect(dropped(h)[0]).toMatchObject({ reason: 'unresponsive' });
    await sleep(500);
    expect(live.socket.readyState).toBe(live.socket.OPEN);
    expect(h.openStreams()).toBe(1);
    silent.socket.terminate();
  });

  it('refuses bad handshakes with JSON errors that name the field', async () => {
    const h = await harness(3, { maxConnections: 2 });
    await h.store.pruneBelow(2);
    const cases: [string, number, Record<string, unknown>][] = [
      ['nope/0', 404, { error: 'NotFoundError' }],
      ['blocks/0/1', 404, { error: 'NotFoundError' }],
      ['blocks/x', 400, { details: { field: 'from' } }],
      ['blocks/', 400, { details: { field: 'from' } }],
      ['headers/2?namespace=1', 400, { details: { field: 'namespace' } }],
      ['blocks/2?namespace=1&namespace=2', 400, { details: { field: 'namespace' } }],
      ['blocks/2?namespace=4294967296', 400, { details: { field: 'namespace' } }],
      ['blocks/2?ns=1', 400, { details: { field: 'ns' } }],
      ['leaves/1', 410, { error: 'HeightPrunedError', details: { height: 1, earliestHeight: 2 } }],
    ];
    for (const [path, status, body] of cases) {
      expect([path, await refusal(h.url(path))]).toMatchObject([path, { status, body }]);
    }
    expect(await refusal(`${h.api.wsUrl}/v0/status/block-height`)).toMatchObject({ status: 404 });
    const open = [await openStream(h.url('blocks/2')), await openStream(h.url('leaves/2?'))];
    expect(await refusal(h.url('headers/2'))).toMatchObject({ status: 503, body: { error: 'TooManyStreamsError' } });
    open.forEach((client) => client.socket.terminate());
  });

  it('answers an upgrade that ws would refuse in plain text with JSON, and a plain GET with 426', async () => {
    const h = await harness(1);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(h.api.url).port), '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write(
        'GET /v0/availability/stream/blocks/0 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n\r\n',
      );
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({
      details: { field: 'sec-websocket-key' },
    });
    const plain = await fetch(`${h.api.url}/v0/availability/stream/blocks/0?namespace=3`);
    expect(plain.status).toBe(426);
    expect(await plain.json()).toMatchObject({ error: 'UpgradeRequiredError' });
    expect((await fetch(`${h.api.url}/v0/availability/stream/leaves/0?namespace=3`)).status).toBe(400);
  });

  it('closes streams with 1001 when the API shuts down', async () => {
    const h = await harness(1);
    const client = await openStream(h.url('blocks/0'));
    await client.waitFor((m) => m.length === 1);
    harnesses.splice(harnesses.indexOf(h), 1);
    await h.api.close();
    expect((await client.closed).code).toBe(1001);
    await h.store.close();
  });
});
