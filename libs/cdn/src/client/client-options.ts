import type { BlsKeyPair } from '@hotshot/crypto';
import type { CdnAuthSigner } from '../auth/authentication';
import { type BackoffPolicy, DEFAULT_BACKOFF, type Logger } from '@hotshot/telemetry';
import { DEFAULT_MAX_FRAME_BYTES } from '../wire/frame-decoder';
import { Topic } from '../wire/frame-kind';
import { InvalidCdnUrlError } from './client-errors';

/** Options of CdnClient; only `url` and `keyPair` are required. */
export interface CdnClientOptions {
  /** The broker, `tcp://host:port`. */
  readonly url: string;
  /**
   * The node's consensus key, or its public key with a remote signer for the authentication; the broker knows the
   * node by its public key.
   */
  readonly keyPair: BlsKeyPair | CdnAuthSigner;
  /** Topics to subscribe to on every connection; default [Topic.Global]. */
  readonly topics?: readonly Topic[];
  /** Reconnection back-off; defaults in DEFAULT_BACKOFF. */
  readonly reconnect?: Partial<BackoffPolicy>;
  /** Time allowed for the TCP connect; default 5000 ms. */
  readonly connectTimeoutMs?: number;
  /** A Ping goes out when nothing was heard for half of this; default 5000 ms. */
  readonly heartbeatIntervalMs?: number;
  /** Silence from the broker after which the connection is dropped and retried; default 15000 ms. */
  readonly heartbeatTimeoutMs?: number;
  /** Largest frame accepted from the broker; default 8 MiB. */
  readonly maxFrameBytes?: number;
  /** Frames kept while disconnected before the oldest are dropped; default 10000. */
  readonly maxQueuedFrames?: number;
  /** Bytes kept while disconnected before the oldest frames are dropped; default 64 MiB. */
  readonly maxQueuedBytes?: number;
  /** Deliveries a `messages()` stream buffers before reading from the broker pauses; default 10000. */
  readonly inboxHighWaterMark?: number;
  /** Structured logger; default silent. */
  readonly logger?: Logger;
  /** Clock in ms, for the Authenticate timestamp; default Date.now. */
  readonly now?: () => number;
  /** Random source for the back-off jitter; default Math.random. */
  readonly random?: () => number;
}

/** CdnClientOptions with defaults filled in and the URL parsed. */
export interface ResolvedClientOptions {
  readonly host: string;
  readonly port: number;
  readonly keyPair: BlsKeyPair | CdnAuthSigner;
  readonly topics: readonly Topic[];
  readonly reconnect: BackoffPolicy;
  readonly connectTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly maxFrameBytes: number;
  readonly maxQueuedFrames: number;
  readonly maxQueuedBytes: number;
  readonly inboxHighWaterMark: number;
  readonly now: () => number;
  readonly random: () => number;
}

/** Splits `tcp://host:port` into host and port; throws InvalidCdnUrlError. */
export function parseCdnUrl(url: string): { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidCdnUrlError(url, 'not a URL');
  }
  if (parsed.protocol !== 'tcp:') throw new InvalidCdnUrlError(url, 'the scheme must be tcp');
  const port = Number(parsed.port);
  if (!parsed.hostname || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidCdnUrlError(url, 'expected tcp://host:port');
  }
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port };
}

/** Fills in the defaults of CdnClientOptions. */
export function resolveClientOptions(options: CdnClientOptions): ResolvedClientOptions {
  return {
    ...parseCdnUrl(options.url),
    keyPair: options.keyPair,
    topics: options.topics ?? [Topic.Global],
    reconnect: { ...DEFAULT_BACKOFF, ...options.reconnect },
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 5000,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 15_000,
    maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    maxQueuedFrames: options.maxQueuedFrames ?? 10_000,
    maxQueuedBytes: options.maxQueuedBytes ?? 64 * 1024 * 1024,
    inboxHighWaterMark: options.inboxHighWaterMark ?? 10_000,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
  };
}
