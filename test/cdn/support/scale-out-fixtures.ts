import { randomBytes } from 'node:crypto';
import {
  FrameKind,
  createAuthenticate,
  encodeFrame,
  parseEndpoint,
  type CdnClient,
  type ErrorMessage,
  type RedirectMessage,
} from '@hotshot/cdn';
import type { BlsKeyPair } from '@hotshot/crypto';
import Redis from 'ioredis';
import { FAST_BROKER, RawPeer, TEST_CONFIG, waitUntil, withTimeout } from './cdn-fixtures';
import { CdnMarshal, type CdnMarshalOptions } from '../../../apps/cdn-server/src/scale-out/cdn-marshal';
import { ScaleOutBroker, type ScaleOutBrokerOptions } from '../../../apps/cdn-server/src/scale-out/scale-out-broker';

/** The Redis every scale-out test uses; each test works under a key prefix of its own. */
export const REDIS_URL = process.env.CDN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh key prefix, so tests (and engineers) sharing the Redis never see each other's keys. */
export function randomPrefix(): string {
  return `test-cdn-${randomBytes(6).toString('hex')}`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS, so a shared Redis is not blocked). */
export async function deletePrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Starts a marshal on an ephemeral port with the test config. */
export async function startMarshal(
  prefix: string,
  expectedNodes: number,
  options: Partial<CdnMarshalOptions> = {},
): Promise<{ marshal: CdnMarshal; url: string; port: number }> {
  const marshal = await CdnMarshal.create({
    redisUrl: REDIS_URL,
    redisPrefix: prefix,
    expectedNodes,
    config: TEST_CONFIG,
    authTimeoutMs: 10_000,
    closeGraceMs: 200,
    ...options,
  });
  const { port } = await marshal.listen();
  return { marshal, port, url: `tcp://127.0.0.1:${port}` };
}

/** Starts a scale-out broker with the fast timers of the single-broker tests and a quick registry heartbeat. */
export function startScaleOutBroker(
  prefix: string,
  brokerId: string,
  options: Partial<ScaleOutBrokerOptions> = {},
): Promise<ScaleOutBroker> {
  const { config: _config, ...fast } = FAST_BROKER;
  return ScaleOutBroker.start({
    ...fast,
    redisUrl: REDIS_URL,
    redisPrefix: prefix,
    brokerId,
    registryHeartbeatMs: 200,
    ...options,
  });
}

/** Waits until every broker holds a link to every other one. */
export async function waitForMesh(brokers: readonly ScaleOutBroker[], timeoutMs = 30_000): Promise<void> {
  await waitUntil(() => brokers.every((b) => b.meshLinks === brokers.length - 1), 'the broker mesh', timeoutMs);
}

/** Which broker each client is on, by the endpoint of its last redirect. */
export function trackEndpoints(clients: readonly CdnClient[]): string[] {
  const endpoints = clients.map(() => '');
  clients.forEach((client, i) => client.on('redirected', ({ endpoint }) => (endpoints[i] = endpoint)));
  return endpoints;
}

/** Authenticates `keyPair` at the marshal with a raw connection; resolves with its Redirect, or its Error frame. */
export async function askMarshal(
  marshalPort: number,
  keyPair: BlsKeyPair,
  timestampMs = Date.now(),
): Promise<RedirectMessage | ErrorMessage> {
  const peer = await RawPeer.connect(marshalPort);
  try {
    peer.send(encodeFrame(createAuthenticate(keyPair, timestampMs)));
    await withTimeout(peer.closed, 30_000, 'the marshal to answer and close');
    const answer = peer.frames.find(
      (f): f is RedirectMessage | ErrorMessage => f.kind === FrameKind.Redirect || f.kind === FrameKind.Error,
    );
    if (!answer) throw new Error(`the marshal closed without an answer: ${JSON.stringify(peer.frames)}`);
    return answer;
  } finally {
    peer.destroy();
  }
}

/** The Redirect the marshal gives `keyPair` (throws on a refusal). */
export async function redirectFor(marshalPort: number, keyPair: BlsKeyPair): Promise<RedirectMessage> {
  const answer = await askMarshal(marshalPort, keyPair);
  if (answer.kind !== FrameKind.Redirect) throw new Error(`refused: ${JSON.stringify(answer)}`);
  return answer;
}

/** Presents `permit` at the broker at `endpoint`; resolves with the peer once it has Authenticated or an Error. */
export async function presentPermit(endpoint: string, permit: Uint8Array): Promise<RawPeer> {
  const peer = await RawPeer.connect(parseEndpoint(endpoint).port);
  peer.send(encodeFrame({ kind: FrameKind.Permit, permit }));
  await waitUntil(
    () => peer.frames.some((f) => f.kind === FrameKind.Authenticated || f.kind === FrameKind.Error),
    'the broker to answer the permit',
  );
  return peer;
}
