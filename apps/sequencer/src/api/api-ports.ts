import type { Transaction } from '@hotshot/protocol';
import type { SubmitOutcome } from '../mempool/mempool';

/** Injection tokens for what the API reads and calls; the node's modules provide them. */
export const AVAILABILITY_STORE = Symbol('AvailabilityStore');
export const SUBMIT_PORT = Symbol('SubmitPort');
export const NODE_STATUS = Symbol('NodeStatus');
export const METRICS_REGISTRY = Symbol('MetricsRegistry');
export const API_LOGGER = Symbol('ApiLogger');

/** Accepts a transaction into the node's mempool and forwards it to upcoming leaders. */
export interface SubmitPort {
  submit(tx: Transaction): Promise<SubmitOutcome>;
}

/** What the status endpoints report. */
export interface NodeStatus {
  /** Number of decided blocks (the height the next block will have). */
  blockHeight(): Promise<number>;
  /** Wall-clock time of the last decide this node saw, in ms, or undefined before the first. */
  lastDecideAtMs(): number | undefined;
  /** Whether the node has joined the network and runs consensus. */
  isRunning(): boolean;
}
