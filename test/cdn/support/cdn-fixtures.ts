import { connect, type Socket } from 'node:net';
import {
  CdnClient,
  FrameDecoder,
  FrameKind,
  createAuthenticate,
  decodeFrame,
  encodeFrame,
  type CdnClientEvents,
  type CdnClientOptions,
  type CdnMessage,
  type ErrorMessage,
} from '@hotshot/cdn';
import { demoKeyPair, type BlsKeyPair } from '@hotshot/crypto';
import { DEFAULT_CONSENSUS_CONFIG, type ConsensusConfig } from '@hotshot/protocol';
import type { CdnBrokerOptions } from '../../../apps/cdn-server/src/broker/broker-options';
import { CdnBroker } from '../../../apps/cdn-server/src/broker/cdn-broker';
import { MemoryRosterStore } from '../../../apps/cdn-server/src/broker/roster-store';

/** Deterministic node keys, derived once per process (derivation costs a few ms). */
const keyCache = new Map<number, BlsKeyPair>();
export function nodeKey(index: number): BlsKeyPair {
  let pair = keyCache.get(index);
  if (!pair) keyCache.set(index, (pair = demoKeyPair('cdn-e2e', index)));
  return pair;
}

/** A config unlike the defaults, so a test notices a field that did not travel. */
export const TEST_CONFIG: ConsensusConfig = {
  ...DEFAULT_CONSENSUS_CONFIG,
  chainId: 2n ** 60n + 7n,
  viewTimeoutMs: 1234,
  timeoutRatio: 1.75,
  daCommitteeSize: 3,
  maxTxBytes: 1000,
  maxBlockBytes: 60_000,
  maxBlockTxs: 77,
  startDelayMs: 55,
};

/**
 * Short timers so refusals and recoveries happen within a test's time, yet long enough that a loaded machine's
 * event-loop stalls do not cut a healthy connection (a test of a deadline sets a short one itself).
 */
export const FAST_BROKER: Omit<CdnBrokerOptions, 'expectedNodes'> = {
  config: TEST_CONFIG,
  maxFrameBytes: 64 * 1024,
  outboundBudgetBytes: 256 * 1024,
  authTimeoutMs: 10_000,
  heartbeatIntervalMs: 200,
  heartbeatTimeoutMs: 10_000,
  closeGraceMs: 200,
};

/** Starts an in-process broker on an ephemeral port. */
export async function startBroker(
  expectedNodes: number,
  options: Partial<CdnBrokerOptions> = {},
): Promise<{ broker: CdnBroker; port: number; url: string }> {
  const broker = new CdnBroker({ ...FAST_BROKER, rosterStore: new MemoryRosterStore(), expectedNodes, ...options });
  const { port } = await broker.listen();
  return { broker, port, url: `tcp://127.0.0.1:${port}` };
}

/** Clients that stop together at the end of a test. */
export class ClientPool {
  private readonly controller = new AbortController();
  readonly clients: CdnClient[] = [];

  /** Starts a client for node key `keyIndex` with fast reconnection; `stopper` stops it alone. */
  start(url: string, keyIndex: number, options: Partial<CdnClientOptions> = {}, stopper?: AbortController): CdnClient {
    const client = new CdnClient({
      url,
      keyPair: nodeKey(keyIndex),
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
      heartbeatIntervalMs: 200,
      heartbeatTimeoutMs: 10_000,
      maxFrameBytes: 64 * 1024,
      ...options,
    });
    client.start(stopper ? AbortSignal.any([stopper.signal, this.controller.signal]) : this.controller.signal);
    this.clients.push(client);
    return client;
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.all(this.clients.map((client) => client.whenStopped()));
  }
}

/**
 * Resolves once `predicate` holds, polling; rejects after `timeoutMs` (a generous cap, default 30 000 ms, for an
 * in-process condition) with `what` in the message.
 */
export async function waitUntil(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `promise`, or a rejection naming `what` after `timeoutMs`; the timer never outlives the promise. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves with the next event `name` of `client` that passes `filter`. */
export function nextEvent<K extends keyof CdnClientEvents>(
  client: CdnClient,
  name: K,
  filter: (value: CdnClientEvents[K][0]) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<CdnClientEvents[K][0]> {
  type Listener = (value: CdnClientEvents[K][0]) => void;
  const emitter = client as unknown as {
    on(name: K, listener: Listener): void;
    off(name: K, listener: Listener): void;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(name, listener);
      reject(new Error(`timed out waiting for event ${String(name)}`));
    }, timeoutMs);
    const listener: Listener = (value) => {
      if (!filter(value)) return;
      clearTimeout(timer);
      emitter.off(name, listener);
      resolve(value);
    };
    emitter.on(name, listener);
  });
}

/** A hand-driven TCP peer: sends whatever bytes a test wants and records the frames the broker sends back. */
export class RawPeer {
  readonly frames: CdnMessage[] = [];
  readonly closed: Promise<void>;
  private readonly decoder = new FrameDecoder(16 * 1024 * 1024);

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => this.decoder.push(chunk, (frame) => this.frames.push(decodeFrame(frame))));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static connect(port: number): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(new RawPeer(socket)));
      socket.once('error', reject);
    });
  }

  send(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Authenticates as `keyPair` and waits for the broker's acknowledgement. */
  async authenticate(keyPair: BlsKeyPair, timestampMs = Date.now()): Promise<number> {
    this.send(encodeFrame(createAuthenticate(keyPair, timestampMs)));
    await waitUntil(
      () => this.frames.some((f) => f.kind === FrameKind.Authenticated || f.kind === FrameKind.Error),
      'authentication',
    );
    const reply = this.frames.find((f) => f.kind === FrameKind.Authenticated || f.kind === FrameKind.Error)!;
    if (reply.kind !== FrameKind.Authenticated) throw new Error(`refused: ${JSON.stringify(reply)}`);
    return reply.nodeIndex;
  }

  /** Waits for the broker to close the connection and returns the Error frame it sent first. */
  async refusal(timeoutMs = 30_000): Promise<ErrorMessage> {
    await withTimeout(this.closed, timeoutMs, 'the broker to close the connection');
    const error = this.frames.find((f): f is ErrorMessage => f.kind === FrameKind.Error);
    if (!error) throw new Error('closed without an Error frame');
    return error;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
