import type { ConsensusConfig, StakeTable } from '@hotshot/protocol';
import type { CdnDelivery } from './delivery-stream';

/** What the broker hands every node once the network has started. */
export interface Welcome {
  readonly nodeIndex: number;
  readonly config: ConsensusConfig;
  readonly stakeTable: StakeTable;
}

/**
 * Where the client is: `connecting` (TCP), `authenticating`, `waiting` (authenticated, the roster is not full yet),
 * `ready` (Welcome received on this connection), `disconnected` (backing off before the next attempt), `stopped`.
 */
export type CdnClientState =
  'idle' | 'connecting' | 'authenticating' | 'waiting' | 'ready' | 'disconnected' | 'stopped';

/** Events of CdnClient. */
export interface CdnClientEvents {
  state: [state: CdnClientState];
  authenticated: [info: { nodeIndex: number; joined: number; expected: number; maxFrameBytes: number }];
  welcome: [welcome: Welcome];
  message: [delivery: CdnDelivery];
  /** The marshal (scale-out) sent this node to the broker at `endpoint` with a one-time permit. */
  redirected: [info: { endpoint: string }];
  /** The broker sent an Error frame before closing (e.g. stale timestamp, roster full). */
  refused: [refusal: { code: number; reason: string; message: string }];
  disconnected: [info: { reason: string; retryInMs: number }];
}

/** Counters of the client's life, for metrics. */
export interface CdnClientStats {
  connects: number;
  disconnects: number;
  framesSent: number;
  framesReceived: number;
  /** Frames dropped from the outbound queue while disconnected (oldest first). */
  droppedWhileDisconnected: number;
}
