import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { ErrorCode, FrameKind, createAuthenticate, encodeFrame, parseEndpoint } from '@hotshot/cdn';
import { publicKeyToHex } from '@hotshot/crypto';
import Redis from 'ioredis';
import { RawPeer, nodeKey, waitUntil } from './support/cdn-fixtures';
import {
  REDIS_URL,
  askMarshal,
  deletePrefix,
  presentPermit,
  randomPrefix,
  redirectFor,
  startMarshal,
  startScaleOutBroker,
  waitForMesh,
} from './support/scale-out-fixtures';
import { MeshKind, encodeMeshFrame } from '../../apps/cdn-server/src/scale-out/mesh-codec';
import { RedisKeys } from '../../apps/cdn-server/src/scale-out/redis-keys';
import { RedisRoster } from '../../apps/cdn-server/src/scale-out/redis-roster';
import { NetworkMismatchError } from '../../apps/cdn-server/src/scale-out/scale-out-errors';

/** Permits, the marshal's checks, the roster in Redis and the mesh handshake, against a real Redis. */
describe('the scale-out CDN', () => {
  // Above the 30 s caps of the waits inside, which fail first and name what did not happen.
  jest.setTimeout(180_000);
  let prefix: string;
  const closers: (() => Promise<void>)[] = [];
  const peers: RawPeer[] = [];

  beforeEach(() => (prefix = randomPrefix()));
  afterEach(async () => {
    for (const peer of peers.splice(0)) peer.destroy();
    for (const close of closers.splice(0).reverse()) await close();
    await deletePrefix(prefix);
  });

  const marshalOf = async (nodes: number, options = {}) => {
    const started = await startMarshal(prefix, nodes, options);
    closers.push(() => started.marshal.close());
    return started;
  };
  const brokerOf = async (id: string) => {
    const broker = await startScaleOutBroker(prefix, id);
    closers.push(() => broker.close());
    return broker;
  };
  const present = async (endpoint: string, permit: Uint8Array) => {
    const peer = await presentPermit(endpoint, permit);
    peers.push(peer);
    return peer;
  };

  it('honours a permit exactly once', async () => {
    const { port } = await marshalOf(3);
    const broker = await brokerOf('only');
    const redirect = await redirectFor(port, nodeKey(0));
    expect(redirect.endpoint).toBe(broker.endpoint);
    const first = await present(redirect.endpoint, redirect.permit);
    expect(first.frames[0]).toMatchObject({ kind: FrameKind.Authenticated, nodeIndex: 0, joined: 1, expected: 3 });
    const second = await present(redirect.endpoint, redirect.permit);
    const refusal = await second.refusal();
    expect(refusal.code).toBe(ErrorCode.BadPermit);
    expect(refusal.message).toContain('already used');
    // The first session is unharmed.
    expect(broker.broker.authenticatedNodes).toBe(1);
  });

  it('refuses an expired permit', async () => {
    const { port } = await marshalOf(3, { permitTtlMs: 150 });
    await brokerOf('only');
    const redirect = await redirectFor(port, nodeKey(0));
    await new Promise((resolve) => setTimeout(resolve, 400));
    const peer = await present(redirect.endpoint, redirect.permit);
    expect((await peer.refusal()).code).toBe(ErrorCode.BadPermit);
  });

  it('refuses a forged permit and a permit issued for another broker', async () => {
    const { port } = await marshalOf(3);
    const [a, b] = [await brokerOf('broker-a'), await brokerOf('broker-b')];
    const forged = await present(a.endpoint, new Uint8Array(randomBytes(32)));
    expect((await forged.refusal()).code).toBe(ErrorCode.BadPermit);
    const redirect = await redirectFor(port, nodeKey(1));
    const elsewhere = redirect.endpoint === a.endpoint ? b : a;
    const misdirected = await present(elsewhere.endpoint, redirect.permit);
    const refusal = await misdirected.refusal();
    expect(refusal.code).toBe(ErrorCode.BadPermit);
    expect(refusal.message).toContain('another broker');
    expect(a.broker.authenticatedNodes + b.broker.authenticatedNodes).toBe(0);
  });

  it('refuses an Authenticate sent straight to a broker: nodes enter through the marshal', async () => {
    await marshalOf(3);
    const broker = await brokerOf('only');
    const peer = await RawPeer.connect(parseEndpoint(broker.endpoint).port);
    peers.push(peer);
    peer.send(encodeFrame(createAuthenticate(nodeKey(0), Date.now())));
    const refusal = await peer.refusal();
    expect(refusal.code).toBe(ErrorCode.UnexpectedFrame);
    expect(refusal.message).toContain('marshal');
  });

  it('refuses at the marshal a bad signature, a replay, a key beyond the roster, and without a live broker', async () => {
    const { port } = await marshalOf(2);
    const message = createAuthenticate(nodeKey(0), Date.now());
    const badSignature = await RawPeer.connect(port);
    peers.push(badSignature);
    badSignature.send(
      encodeFrame({ ...message, signature: createAuthenticate(nodeKey(1), message.timestampMs).signature }),
    );
    expect((await badSignature.refusal()).code).toBe(ErrorCode.BadSignature);

    // No broker yet: the key still gets its index, and the node is told to retry.
    const timestamp = Date.now();
    expect(await askMarshal(port, nodeKey(0), timestamp)).toMatchObject({ code: ErrorCode.NoBroker });
    expect(await askMarshal(port, nodeKey(0), timestamp)).toMatchObject({ code: ErrorCode.ReplayedAuthentication });
    await brokerOf('late');
    expect((await askMarshal(port, nodeKey(1))).kind).toBe(FrameKind.Redirect);
    expect(await askMarshal(port, nodeKey(2))).toMatchObject({ code: ErrorCode.RosterFull });
    expect((await askMarshal(port, nodeKey(0))).kind).toBe(FrameKind.Redirect);
  });

  it('gives each key one index through two marshals at once, and keeps it across a marshal restart', async () => {
    const first = await marshalOf(6);
    const second = await marshalOf(6);
    const broker = await brokerOf('only');
    const keys = [0, 1, 2, 3, 4, 5];
    const redirects = await Promise.all(
      keys.map((key) => redirectFor(key % 2 === 0 ? first.port : second.port, nodeKey(key))),
    );
    const indices = await Promise.all(
      redirects.map(async (redirect) => {
        const peer = await present(redirect.endpoint, redirect.permit);
        const reply = peer.frames[0];
        if (reply.kind !== FrameKind.Authenticated) throw new Error(JSON.stringify(reply));
        return reply.nodeIndex;
      }),
    );
    expect([...indices].sort()).toEqual(keys);
    const redis = new Redis(REDIS_URL);
    try {
      const roster = await new RedisRoster(redis, new RedisKeys(prefix)).keysFrom(0);
      keys.forEach((key) => expect(roster[indices[key]]).toBe(publicKeyToHex(nodeKey(key).publicKey)));
    } finally {
      redis.disconnect();
    }
    await waitForWelcome(peers.slice(-6));

    // A marshal restarted on the same prefix hands every key its old index; one started for another network stops.
    await first.marshal.close();
    const restarted = await marshalOf(6);
    const again = await redirectFor(restarted.port, nodeKey(4));
    const peer = await present(again.endpoint, again.permit);
    expect(peer.frames[0]).toMatchObject({ kind: FrameKind.Authenticated, nodeIndex: indices[4], joined: 6 });
    expect(peer.frames[1]).toMatchObject({ kind: FrameKind.Welcome, nodeIndex: indices[4] });
    await expect(startMarshal(prefix, 7)).rejects.toThrow(NetworkMismatchError);
    expect(broker.broker.hasStarted).toBe(true);
  });

  it('refuses a mesh link with a forged token or dialled from the wrong side', async () => {
    await marshalOf(3);
    const [a, b] = [await brokerOf('broker-a'), await brokerOf('broker-b')];
    await waitForMesh([a, b]);
    const hello = (brokerId: string) =>
      encodeMeshFrame({ kind: MeshKind.Hello, brokerId, token: new Uint8Array(randomBytes(32)) });
    // "broker-a" dials "broker-b"; a stranger claiming to be a with a made-up token is refused, and so is anyone
    // dialling a from above it.
    for (const [target, frame] of [
      [b, hello('broker-a')],
      [a, hello('broker-z')],
    ] as const) {
      const { code } = await meshRefusal(target.meshEndpoint, frame);
      expect(code).toBe(ErrorCode.MeshRefused);
    }
    expect(a.meshLinks + b.meshLinks).toBe(2);
  });
});

async function waitForWelcome(peers: readonly RawPeer[]): Promise<void> {
  await waitUntil(
    () => peers.every((p) => p.frames.some((f) => f.kind === FrameKind.Welcome)),
    'a Welcome for every peer',
  );
}

/** Sends `frame` on a fresh connection to a broker's mesh port; resolves with the Error frame it answers with. */
function meshRefusal(endpoint: string, frame: Uint8Array): Promise<{ code: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(parseEndpoint(endpoint));
    let received = Buffer.alloc(0);
    socket.on('connect', () => socket.write(frame));
    socket.on('data', (chunk) => (received = Buffer.concat([received, chunk])));
    socket.on('error', reject);
    socket.on('close', () => {
      if (received.length < 7 || received[4] !== FrameKind.Error) reject(new Error('closed without an Error frame'));
      else resolve({ code: received.readUInt16BE(5) });
    });
  });
}
