import type { ValueProvider } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { ConsensusConfig, StakeTable, Transaction } from '@hotshot/protocol';
import type { AvailabilityStore, DecidedBlock } from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import type { Submitter, SubmitOutcome } from '../mempool/mempool';

/** Injection tokens for what the API reads and calls; the node's modules provide them. */
export const AVAILABILITY_STORE = Symbol('AvailabilityStore');
export const SUBMIT_PORT = Symbol('SubmitPort');
export const NODE_STATUS = Symbol('NodeStatus');
export const METRICS_REGISTRY = Symbol('MetricsRegistry');
export const API_LOGGER = Symbol('ApiLogger');
/** Provides a {@link DecideFeed}: what the block streams follow once they have caught up with storage. */
export const DECIDE_FEED = Symbol('DecideFeed');
/** Provides a {@link HotShotConfigSource}: what `/v0/config/hotshot` serves. */
export const HOTSHOT_CONFIG = Symbol('HotShotConfig');
/** Optional: {@link StreamOptions} overriding the stream defaults (tests use small bounds). */
export const STREAM_OPTIONS = Symbol('StreamOptions');

/** Accepts a transaction into the node's mempool and forwards it to upcoming leaders. */
export interface SubmitPort {
  /** `from` is who submitted it (the client's address), whose share of the mempool is bounded. */
  submit(tx: Transaction, from: Submitter): Promise<SubmitOutcome>;
  /**
   * Accepts all of `txs` or none: refused, it throws BatchRefusedError naming each transaction that caused it
   * (by position in `txs`), and adds nothing.
   */
  submitBatch(txs: readonly Transaction[], from: Submitter): Promise<SubmitOutcome[]>;
}

/** What the status endpoints report. */
export interface NodeStatus {
  /** Number of decided blocks (the height the next block will have). */
  blockHeight(): Promise<number>;
  /** Wall-clock time of the last decide this node saw, in ms, or undefined before the first. */
  lastDecideAtMs(): number | undefined;
  /** Whether the node has joined the network and runs consensus. */
  isRunning(): boolean;
  /** What `/healthz` judges beyond isRunning (storage, decide progress); absent: isRunning alone. */
  healthFacts?(): NodeHealthFacts;
  /** What the mempool holds and may hold; undefined (or absent) before the node has joined and has one. */
  mempool?(): MempoolUsage | undefined;
}

/** What waits in the mempool, against its bounds (`/v0/status/mempool-info`). */
export interface MempoolUsage {
  readonly transactions: number;
  /** Payload bytes of the waiting transactions. */
  readonly bytes: number;
  readonly maxTransactions: number;
  readonly maxBytes: number;
}

/** What decides whether a running node is healthy (see `unhealthyReason`). */
export interface NodeHealthFacts {
  /** The storage failure that stopped consensus, or undefined while storage works. */
  readonly storageFailure?: Error;
  /** The node's last decide, or when its consensus started if later (ms), or undefined before it started. */
  readonly lastProgressAtMs?: number;
  /** How long without a decide makes the node unhealthy while it runs, in ms (ten view timeouts). */
  readonly stallAfterMs?: number;
}

/**
 * Decided blocks as they are decided. Contract the streams rely on:
 * - listeners are called only after `AvailabilityStore.appendDecided` has stored the blocks, so anything the feed
 *   delivered can also be read back from the store (a stream that fell behind re-reads it from there);
 * - each call carries blocks in ascending height order, and successive calls continue one another (a replayed
 *   height or a gap is tolerated: streams de-duplicate by height and fill gaps from the store);
 * - a listener never throws and returns at once (it only queues socket writes), so the feed calls it
 *   synchronously; {@link DecideBroadcaster} is an implementation the node can use as is.
 */
export interface DecideFeed {
  /** Registers `listener` for every later batch of decided blocks; returns the function that unregisters it. */
  subscribe(listener: (blocks: readonly DecidedBlock[]) => void): () => void;
}

/** The network's parameters, as the CDN broker's `Welcome` delivered them. */
export interface HotShotConfig {
  readonly config: ConsensusConfig;
  readonly stakeTable: StakeTable;
}

/** Where `/v0/config/hotshot` reads the network's parameters. */
export interface HotShotConfigSource {
  /** The consensus config and stake table, or undefined until the node has them (before `Welcome`): a 503. */
  current(): HotShotConfig | undefined;
}

/** Bounds of the WebSocket block streams. */
export interface StreamOptions {
  /**
   * A client whose socket holds more than this many unsent bytes is dropped (while live), or is waited for at
   * most `stallTimeoutMs` (while catching up from storage). Memory per client stays under this plus one message.
   */
  readonly maxBufferedBytes: number;
  /** How long catch-up waits for a client to drain its socket before dropping it, in ms. */
  readonly stallTimeoutMs: number;
  /** Blocks read from storage per query while catching up. */
  readonly historyPageSize: number;
  /** Live blocks held per client while it still reads history; past it they are re-read from storage. */
  readonly maxPendingBlocks: number;
  /** Open streams at most; a further handshake is answered 503. */
  readonly maxConnections: number;
  /** Open streams at most per client address; a further handshake from that address is answered 429. */
  readonly maxConnectionsPerClient: number;
  /** Interval of WebSocket pings, in ms; a client that missed the previous pong is dropped. 0 disables. */
  readonly heartbeatMs: number;
  /** How long a slow consumer's closed connection may take to deliver the close frame before it is cut, in ms. */
  readonly slowConsumerGraceMs: number;
}

/** Stream bounds used when the node provides no STREAM_OPTIONS. */
export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  maxBufferedBytes: 8 * 1024 * 1024,
  stallTimeoutMs: 30_000,
  historyPageSize: 32,
  maxPendingBlocks: 256,
  maxConnections: 1024,
  maxConnectionsPerClient: 32,
  heartbeatMs: 30_000,
  slowConsumerGraceMs: 1000,
};

/** A value for each token above: what whoever hosts the API (the node, a test) gives it. */
export interface ApiPorts {
  readonly store: AvailabilityStore;
  readonly submit: SubmitPort;
  readonly status: NodeStatus;
  readonly registry: Registry;
  readonly log: Logger;
  readonly feed: DecideFeed;
  readonly config: HotShotConfigSource;
  /** Merged over DEFAULT_STREAM_OPTIONS by the stream server. */
  readonly streamOptions: Partial<StreamOptions>;
}

/**
 * The providers of every port ApiModule injects, for its host to provide globally. One list, so that a port the API
 * gains is provided by the node and by the test API alike.
 */
export function apiPortProviders(ports: ApiPorts): ValueProvider[] {
  return [
    { provide: AVAILABILITY_STORE, useValue: ports.store },
    { provide: SUBMIT_PORT, useValue: ports.submit },
    { provide: NODE_STATUS, useValue: ports.status },
    { provide: METRICS_REGISTRY, useValue: ports.registry },
    { provide: API_LOGGER, useValue: ports.log },
    { provide: DECIDE_FEED, useValue: ports.feed },
    { provide: HOTSHOT_CONFIG, useValue: ports.config },
    { provide: STREAM_OPTIONS, useValue: ports.streamOptions },
  ];
}
