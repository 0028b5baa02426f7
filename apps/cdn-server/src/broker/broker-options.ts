import { BaseError, type ConsensusConfig } from '@hotshot/protocol';
import { DEFAULT_MAX_CLOCK_SKEW_MS, DEFAULT_MAX_FRAME_BYTES } from '@hotshot/cdn';
import type { Logger } from '@hotshot/telemetry';
import type { BrokerGate } from './broker-gate';
import type { FrameRouter } from './frame-router';
import type { RosterStore } from './roster-store';

/** Options of CdnBroker; everything but `expectedNodes` and `config` has a default. */
export interface CdnBrokerOptions {
  /** Address to bind; default 127.0.0.1. */
  readonly host?: string;
  /** TCP port; default 0 (an ephemeral port, see `address`). */
  readonly port?: number;
  /** Distinct keys to wait for before the network starts (`-n`). */
  readonly expectedNodes: number;
  /** The consensus config handed out in Welcome. */
  readonly config: ConsensusConfig;
  /** Where the roster survives restarts; default in memory only. Unused when `gate` is given. */
  readonly rosterStore?: RosterStore;
  /** How nodes get in; default a LocalBrokerGate over `rosterStore` (the scale-out passes a PermitGate). */
  readonly gate?: BrokerGate;
  /** Where frames go; default a LocalFrameRouter. */
  readonly router?: FrameRouter;
  /** Largest frame (length field) from an authenticated node; default 8 MiB. */
  readonly maxFrameBytes?: number;
  /** Largest frame before authentication; default 1 KiB. */
  readonly maxUnauthenticatedFrameBytes?: number;
  /** Bytes queued for one peer before it is dropped as a slow consumer; default 4 x maxFrameBytes. */
  readonly outboundBudgetBytes?: number;
  /** Time a new connection has to authenticate; default 5000 ms. */
  readonly authTimeoutMs?: number;
  /** Period of the heartbeat sweep; a connection idle for half of it gets a Ping; default 5000 ms. */
  readonly heartbeatIntervalMs?: number;
  /** Silence after which a connection is closed; default 15000 ms. */
  readonly heartbeatTimeoutMs?: number;
  /** Largest accepted difference between an Authenticate timestamp and the broker's clock; default 5000 ms. */
  readonly maxClockSkewMs?: number;
  /**
   * Connections allowed to be authenticating at once; default 256. At the limit, a newcomer evicts the oldest
   * pending connection of the address holding the most, when that address holds more than the newcomer's.
   */
  readonly maxUnauthenticatedConnections?: number;
  /** Connections allowed to be authenticating at once from one address (one IPv6 /64); default 32. */
  readonly maxUnauthenticatedPerAddress?: number;
  /** Sustained bytes per second one member may send (all frames); default 32 MiB/s. */
  readonly sendBudgetBytesPerSecond?: number;
  /** Bytes one member may send at once above that rate; default 2 x maxFrameBytes, at least 16 MiB. */
  readonly sendBudgetBurstBytes?: number;
  /** Sustained frames per second one member may send; default 5000. */
  readonly sendBudgetFramesPerSecond?: number;
  /** Frames one member may send at once above that rate; default 10000. */
  readonly sendBudgetBurstFrames?: number;
  /** A member over its send budget is read more slowly; once it has been over for this long, it is cut; default 5000 ms. */
  readonly sendBudgetCutAfterMs?: number;
  /** Time a closing connection gets to drain its Error frame; default 1000 ms. */
  readonly closeGraceMs?: number;
  /** Structured logger; default silent. */
  readonly logger?: Logger;
  /** Clock in ms; default Date.now. */
  readonly now?: () => number;
}

/**
 * Default sustained send rate of one member: 32 MiB/s, six times the 5 MB/s of payloads an honest leader sends
 * at the network's peak (a proposal and its DA copy per view), so honest traffic never meets it.
 */
export const DEFAULT_SEND_BUDGET_BYTES_PER_SECOND = 32 * 1024 * 1024;

/** CdnBrokerOptions with every default filled in. */
export type ResolvedBrokerOptions = Required<Omit<CdnBrokerOptions, 'rosterStore' | 'gate' | 'router' | 'logger'>> &
  Pick<CdnBrokerOptions, 'rosterStore' | 'gate' | 'router' | 'logger'>;

/** The options are inconsistent (e.g. a frame limit below the block size the config allows). */
export class InvalidBrokerOptionsError extends BaseError {
  override name = 'InvalidBrokerOptionsError';
  constructor(reason: string, details: Record<string, unknown>) {
    super(`invalid broker options: ${reason}`, { details });
  }
}

/** Fills in defaults and checks the options against each other. */
export function resolveBrokerOptions(options: CdnBrokerOptions): ResolvedBrokerOptions {
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const resolved = {
    ...options,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    maxFrameBytes,
    maxUnauthenticatedFrameBytes: options.maxUnauthenticatedFrameBytes ?? 1024,
    outboundBudgetBytes: options.outboundBudgetBytes ?? 4 * maxFrameBytes,
    authTimeoutMs: options.authTimeoutMs ?? 5000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 5000,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 15_000,
    maxClockSkewMs: options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS,
    maxUnauthenticatedConnections: options.maxUnauthenticatedConnections ?? 256,
    maxUnauthenticatedPerAddress: options.maxUnauthenticatedPerAddress ?? 32,
    sendBudgetBytesPerSecond: options.sendBudgetBytesPerSecond ?? DEFAULT_SEND_BUDGET_BYTES_PER_SECOND,
    sendBudgetBurstBytes: options.sendBudgetBurstBytes ?? Math.max(2 * maxFrameBytes, 16 * 1024 * 1024),
    sendBudgetFramesPerSecond: options.sendBudgetFramesPerSecond ?? 5000,
    sendBudgetBurstFrames: options.sendBudgetBurstFrames ?? 10_000,
    sendBudgetCutAfterMs: options.sendBudgetCutAfterMs ?? 5000,
    closeGraceMs: options.closeGraceMs ?? 1000,
    now: options.now ?? Date.now,
  };
  if (!Number.isSafeInteger(resolved.expectedNodes) || resolved.expectedNodes < 1) {
    throw new InvalidBrokerOptionsError('expectedNodes must be a positive integer', {
      expectedNodes: resolved.expectedNodes,
    });
  }
  if (maxFrameBytes <= resolved.config.maxBlockBytes) {
    // A proposal carries a whole block, so a frame limit at or below the block limit would cut the network off.
    throw new InvalidBrokerOptionsError('maxFrameBytes must exceed the config maxBlockBytes', {
      maxFrameBytes,
      maxBlockBytes: resolved.config.maxBlockBytes,
    });
  }
  if (resolved.outboundBudgetBytes < 2 * maxFrameBytes) {
    throw new InvalidBrokerOptionsError('outboundBudgetBytes must be at least twice maxFrameBytes', {
      outboundBudgetBytes: resolved.outboundBudgetBytes,
      maxFrameBytes,
    });
  }
  if (resolved.maxUnauthenticatedFrameBytes < 153) {
    throw new InvalidBrokerOptionsError('maxUnauthenticatedFrameBytes must fit an Authenticate frame (153)', {
      maxUnauthenticatedFrameBytes: resolved.maxUnauthenticatedFrameBytes,
    });
  }
  if (resolved.sendBudgetBurstBytes < maxFrameBytes) {
    // A burst below one frame would throttle every largest frame, however rare.
    throw new InvalidBrokerOptionsError('sendBudgetBurstBytes must be at least maxFrameBytes', {
      sendBudgetBurstBytes: resolved.sendBudgetBurstBytes,
      maxFrameBytes,
    });
  }
  for (const name of [
    'maxUnauthenticatedConnections',
    'maxUnauthenticatedPerAddress',
    'sendBudgetBytesPerSecond',
    'sendBudgetFramesPerSecond',
    'sendBudgetBurstFrames',
    'sendBudgetCutAfterMs',
  ] as const) {
    if (!(resolved[name] > 0))
      throw new InvalidBrokerOptionsError(`${name} must be positive`, { [name]: resolved[name] });
  }
  if (resolved.heartbeatTimeoutMs <= resolved.heartbeatIntervalMs) {
    throw new InvalidBrokerOptionsError('heartbeatTimeoutMs must exceed heartbeatIntervalMs', {
      heartbeatTimeoutMs: resolved.heartbeatTimeoutMs,
      heartbeatIntervalMs: resolved.heartbeatIntervalMs,
    });
  }
  return resolved;
}
