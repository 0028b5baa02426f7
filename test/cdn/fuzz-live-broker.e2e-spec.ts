import { connect } from 'node:net';
import { FrameKind, Topic, type CdnDelivery } from '@hotshot/cdn';
import { ClientPool, RawPeer, nextEvent, nodeKey, startBroker, waitUntil, withTimeout } from './support/cdn-fixtures';
import { FrameFuzzer, authFramesFor, isAcceptedWhenAuthenticated } from './support/frame-fuzzer';

const TOTAL_FRAMES = 10_000;
/** Frames that end an authenticated connection, sent on one (each costs a BLS signature and verification). */
const BREAKING_ON_AUTHENTICATED = 15;
const CONCURRENCY = 32;

/** Opens a connection, writes `bytes`, ends it and waits until the broker has closed its side. */
function feedOnce(port: number, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => reject(new Error('the broker kept a fuzz connection open')), 60_000);
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.once('connect', () => socket.end(bytes));
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function pingRoundTrip(peer: RawPeer): Promise<void> {
  const pongs = () => peer.frames.filter((f) => f.kind === FrameKind.Pong).length;
  const before = pongs();
  peer.send(Uint8Array.of(0, 0, 0, 1, FrameKind.Ping));
  await waitUntil(() => pongs() > before, 'a pong on the fuzzing connection');
}

describe('a live broker under fuzzing', () => {
  // Above the 30 s caps of the waits inside, which fail first and name what did not happen.
  jest.setTimeout(180_000);
  it(`survives ${TOTAL_FRAMES} random and mutated frames and keeps serving well-behaved nodes`, async () => {
    const seed = Number(process.env.CDN_FUZZ_SEED ?? 424242);
    const { broker, port, url } = await startBroker(3, {
      authTimeoutMs: 1000,
      outboundBudgetBytes: 16 * 1024 * 1024,
      maxUnauthenticatedConnections: 4 * CONCURRENCY,
    });
    const pool = new ClientPool();
    const peers: RawPeer[] = [];
    let traffic: NodeJS.Timeout | undefined;
    try {
      const keys = [nodeKey(0), nodeKey(1), nodeKey(2), nodeKey(3)];
      const fuzzer = new FrameFuzzer(seed, keys, authFramesFor(keys));
      const sender = pool.start(url, 0);
      await nextEvent(sender, 'authenticated');
      const receiver = pool.start(url, 1);
      await nextEvent(receiver, 'authenticated');
      const fromSender: number[] = [];
      receiver.on('message', (d: CdnDelivery) => {
        if (d.sender === 0 && d.kind === 'broadcast')
          fromSender.push(new DataView(d.bytes.buffer, d.bytes.byteOffset).getUint32(0));
      });
      let sequence = 0;
      traffic = setInterval(() => {
        const bytes = new Uint8Array(64);
        new DataView(bytes.buffer).setUint32(0, sequence++);
        sender.broadcast(Topic.Global, bytes);
      }, 5);

      const authenticatedPeer = async () => {
        const peer = await RawPeer.connect(port);
        peers.push(peer);
        await peer.authenticate(nodeKey(2));
        return peer;
      };

      // Phase 1: one authenticated connection takes every fuzz frame the broker accepts there (mutated broadcasts,
      // directs, subscriptions, heartbeats); a few frames that end the connection are sent on one too.
      let fed = 0;
      let breaking = 0;
      const unauthenticatedQueue: Uint8Array[] = [];
      let peer = await authenticatedPeer();
      await Promise.all([sender.welcome(), receiver.welcome()]);
      while (fed + unauthenticatedQueue.length < TOTAL_FRAMES) {
        const frame = fuzzer.fuzzFrame();
        if (isAcceptedWhenAuthenticated(frame)) {
          peer.send(frame);
          fed++;
          if (fed % 100 === 0) await pingRoundTrip(peer);
        } else if (breaking < BREAKING_ON_AUTHENTICATED && fuzzer.int(20) === 0) {
          await pingRoundTrip(peer);
          peer.send(frame);
          fed++;
          breaking++;
          // The frame may be cut short; ending our side makes the broker see the whole of it.
          peer.socket.end();
          await withTimeout(peer.closed, 30_000, 'the broker to close a connection after a breaking frame');
          peer = await authenticatedPeer();
        } else {
          unauthenticatedQueue.push(frame);
        }
      }
      await pingRoundTrip(peer);
      expect(breaking).toBe(BREAKING_ON_AUTHENTICATED);

      // Phase 2: everything else, one frame per fresh unauthenticated connection, many at a time.
      let next = 0;
      const worker = async () => {
        while (next < unauthenticatedQueue.length) {
          const frame = unauthenticatedQueue[next++];
          await feedOnce(port, frame);
          fed++;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      expect(fed).toBeGreaterThanOrEqual(TOTAL_FRAMES);

      // The broker is up, still serves the fuzzing key, and the well-behaved nodes never lost a message.
      clearInterval(traffic);
      const last = sequence;
      await waitUntil(() => fromSender.length === last, 'every broadcast of the well-behaved sender');
      expect(fromSender).toEqual([...Array(last).keys()]);
      expect(last).toBeGreaterThan(10);
      const direct = withTimeout(
        nextEvent(sender, 'message', (d) => d.kind === 'direct'),
        30_000,
        'a direct',
      );
      receiver.sendDirect(0, Uint8Array.of(7));
      expect((await direct).sender).toBe(1);
      const fresh = await RawPeer.connect(port);
      peers.push(fresh);
      expect(await fresh.authenticate(nodeKey(2))).toBe(2);
      await waitUntil(() => fresh.frames.some((f) => f.kind === FrameKind.Welcome), 'Welcome for a fresh connection');

      // The fuzz reached the decoders: the broker refused for many different reasons.
      const reasons = ['malformed_frame', 'frame_too_large', 'unexpected_frame', 'stale_timestamp'];
      for (const reason of reasons) expect(broker.metrics.disconnectsFor(reason)).toBeGreaterThan(0);
      expect(broker.metrics.framesReceived(FrameKind.Broadcast)).toBeGreaterThan(1000);
    } finally {
      clearInterval(traffic);
      for (const p of peers) p.destroy();
      await pool.stop();
      await broker.close();
    }
  });
});
