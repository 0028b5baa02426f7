import {
  ErrorCode,
  FrameKind,
  Topic,
  createAuthenticate,
  encodeBroadcast,
  encodeFrame,
  type CdnClient,
  type CdnDelivery,
} from '@hotshot/cdn';
import { ClientPool, RawPeer, nextEvent, nodeKey, startBroker, waitUntil, withTimeout } from './support/cdn-fixtures';
import type { CdnBroker } from '../../apps/cdn-server/src/broker/cdn-broker';
import { MAX_EXCUSED_STALL_MS } from '../../apps/cdn-server/src/broker/auth-clock';

describe('the broker refuses', () => {
  // Above the 30 s caps of the waits inside, which fail first and name what did not happen.
  jest.setTimeout(180_000);
  let broker: CdnBroker;
  let port: number;
  let url: string;
  let pool: ClientPool;
  const peers: RawPeer[] = [];
  const rawPeer = async () => {
    const peer = await RawPeer.connect(port);
    peers.push(peer);
    return peer;
  };

  // Default (generous) timers: a loaded machine must not turn a healthy node into a refused one. The two tests of
  // the deadlines start a broker of their own with short ones.
  beforeEach(async () => {
    ({ broker, port, url } = await startBroker(4));
    pool = new ClientPool();
  });

  /** A broker with short deadlines, closed after the test. */
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  async function strictBroker(options: { authTimeoutMs?: number; heartbeatTimeoutMs?: number }): Promise<RawPeer> {
    const strict = await startBroker(4, options);
    closers.push(() => strict.broker.close());
    const peer = await RawPeer.connect(strict.port);
    peers.push(peer);
    return peer;
  }

  afterEach(async () => {
    for (const peer of peers.splice(0)) peer.destroy();
    await pool.stop();
    await broker.close();
  });

  /** Two well-behaved nodes (keys 0 and 1) that keep talking while a test abuses the broker. */
  async function healthyPair(): Promise<{ sender: CdnClient; inbox: CdnDelivery[] }> {
    const sender = pool.start(url, 0);
    await nextEvent(sender, 'authenticated');
    const receiver = pool.start(url, 1);
    await nextEvent(receiver, 'authenticated');
    const inbox: CdnDelivery[] = [];
    receiver.on('message', (d) => inbox.push(d));
    return { sender, inbox };
  }

  async function stillServes(pair: { sender: CdnClient; inbox: CdnDelivery[] }): Promise<void> {
    const before = pair.inbox.length;
    pair.sender.broadcast(Topic.Global, Uint8Array.of(42));
    await waitUntil(() => pair.inbox.length === before + 1, 'a broadcast between healthy nodes');
  }

  it('a stale timestamp', async () => {
    // Signed before connecting: on a loaded machine, signing must not eat into the authentication deadline.
    // Older than the skew plus the most event-loop stall a broker excuses, so a loaded test runner cannot admit it.
    const frame = encodeFrame(createAuthenticate(nodeKey(0), Date.now() - 6000 - MAX_EXCUSED_STALL_MS));
    const peer = await rawPeer();
    peer.send(frame);
    expect((await peer.refusal()).code).toBe(ErrorCode.StaleTimestamp);
    await waitUntil(() => broker.metrics.disconnectsFor('stale_timestamp') === 1, 'the disconnect metric');
  });

  it('a timestamp from the future', async () => {
    const frame = encodeFrame(createAuthenticate(nodeKey(0), Date.now() + 6000));
    const peer = await rawPeer();
    peer.send(frame);
    expect((await peer.refusal()).code).toBe(ErrorCode.StaleTimestamp);
  });

  it('a bad signature', async () => {
    const message = createAuthenticate(nodeKey(0), Date.now());
    const forged = encodeFrame({
      ...message,
      signature: createAuthenticate(nodeKey(1), message.timestampMs).signature,
    });
    const peer = await rawPeer();
    peer.send(forged);
    const refusal = await peer.refusal();
    expect(refusal.code).toBe(ErrorCode.BadSignature);
    expect(refusal.message).toContain('signature');
  });

  it('a replayed authentication', async () => {
    const frame = encodeFrame(createAuthenticate(nodeKey(0), Date.now()));
    const first = await rawPeer();
    first.send(frame);
    await waitUntil(() => first.frames.some((f) => f.kind === FrameKind.Authenticated), 'first authentication');
    const replay = await rawPeer();
    replay.send(frame);
    expect((await replay.refusal()).code).toBe(ErrorCode.ReplayedAuthentication);
  });

  it('a fifth key when N = 4, but still admits members', async () => {
    // The four join at once, so their indices follow arrival order, which the machine decides: read them back.
    const welcomes = await Promise.all([0, 1, 2, 3].map((k) => pool.start(url, k).welcome()));
    expect(welcomes.map((w) => w.nodeIndex).sort()).toEqual([0, 1, 2, 3]);
    const fifth = pool.start(url, 4);
    const refusal = await nextEvent(fifth, 'refused');
    expect(refusal).toMatchObject({ code: ErrorCode.RosterFull, reason: 'roster_full' });
    expect(fifth.welcomeInfo).toBeUndefined();
    const member = await rawPeer();
    expect(await member.authenticate(nodeKey(2))).toBe(welcomes[2]!.nodeIndex);
  });

  it('connections beyond the limit of unauthenticated ones', async () => {
    const limited = await startBroker(4, { maxUnauthenticatedConnections: 2 });
    const extra: RawPeer[] = [];
    try {
      for (let i = 0; i < 3; i++) extra.push(await RawPeer.connect(limited.port));
      expect((await extra[2].refusal()).code).toBe(ErrorCode.TooManyConnections);
      // Authenticating frees a place.
      await extra[0].authenticate(nodeKey(0));
      const next = await RawPeer.connect(limited.port);
      extra.push(next);
      expect(await next.authenticate(nodeKey(1))).toBe(1);
    } finally {
      for (const peer of extra) peer.destroy();
      await limited.broker.close();
    }
  });

  it('a frame before authentication other than Authenticate or Ping', async () => {
    const peer = await rawPeer();
    peer.send(encodeFrame({ kind: FrameKind.Ping }));
    await waitUntil(() => peer.frames.some((f) => f.kind === FrameKind.Pong), 'a pong before authentication');
    peer.send(encodeBroadcast(1, Uint8Array.of(1)));
    expect((await peer.refusal()).code).toBe(ErrorCode.UnexpectedFrame);
  });

  it('a connection that does not authenticate before the deadline', async () => {
    const peer = await strictBroker({ authTimeoutMs: 300 });
    const started = Date.now();
    expect((await peer.refusal()).code).toBe(ErrorCode.AuthTimeout);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('a node that stops answering heartbeats', async () => {
    const peer = await strictBroker({ heartbeatTimeoutMs: 600 });
    await peer.authenticate(nodeKey(3));
    // The raw peer never answers the broker's Pings.
    expect((await peer.refusal()).code).toBe(ErrorCode.HeartbeatTimeout);
    expect(peer.frames.filter((f) => f.kind === FrameKind.Ping).length).toBeGreaterThan(0);
  });

  it('an oversized frame, from its length prefix alone, and keeps serving others', async () => {
    const pair = await healthyPair();
    const peer = await rawPeer();
    await peer.authenticate(nodeKey(2));
    // Only the prefix: 64 KiB + 1 announced, nothing behind it.
    peer.send(Uint8Array.of(0, 1, 0, 1));
    const refusal = await peer.refusal();
    expect(refusal.code).toBe(ErrorCode.FrameTooLarge);
    await stillServes(pair);
  });

  it('an oversized frame before authentication, where the limit is 1 KiB', async () => {
    const peer = await rawPeer();
    peer.send(Uint8Array.of(0, 0, 4, 1, FrameKind.Authenticate));
    expect((await peer.refusal()).code).toBe(ErrorCode.FrameTooLarge);
  });

  it('random garbage, and keeps serving others', async () => {
    const pair = await healthyPair();
    const peer = await rawPeer();
    await peer.authenticate(nodeKey(2));
    peer.send(Uint8Array.of(0, 0, 0, 3, 0xee, 0x01, 0x02, 0x55, 0x66));
    expect((await peer.refusal()).code).toBe(ErrorCode.MalformedFrame);
    const unauthenticated = await rawPeer();
    unauthenticated.send(new TextEncoder().encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect([ErrorCode.FrameTooLarge, ErrorCode.MalformedFrame]).toContain((await unauthenticated.refusal()).code);
    await stillServes(pair);
  });

  it('a client that stops reading, while the others keep receiving everything in order', async () => {
    const pair = await healthyPair();
    const slow = await rawPeer();
    await slow.authenticate(nodeKey(2));
    slow.socket.pause();
    const payload = new Uint8Array(32 * 1024);
    const count = 600; // ~19 MiB: far beyond the kernel buffers and the 256 KiB budget.
    let sent = 0;
    while (sent < count) {
      for (let i = 0; i < 20; i++, sent++) {
        new DataView(payload.buffer).setUint32(0, sent);
        pair.sender.broadcast(Topic.Global, payload);
      }
      await pair.sender.whenDrained();
      // Let the healthy receiver keep up; the slow one never reads.
      await waitUntil(() => pair.inbox.length >= sent - 40, 'the healthy receiver');
    }
    await waitUntil(() => pair.inbox.length === count, 'every broadcast at the healthy receiver');
    const order = pair.inbox.map((d) => new DataView(d.bytes.buffer, d.bytes.byteOffset).getUint32(0));
    expect(order).toEqual([...Array(count).keys()]);
    expect(broker.metrics.disconnectsFor('slow_consumer')).toBe(1);
    // A paused socket does not see its end until it reads again.
    slow.socket.resume();
    await withTimeout(slow.closed, 30_000, 'the slow peer to see its connection end');
    expect(broker.metrics.dropsFor(FrameKind.Broadcast, 'slow_consumer')).toBe(1);
  });
});
