import { sleep, type Logger } from '@hotshot/telemetry';
import { ReconciliationError } from '../errors';
import type { L1Reconciler } from './l1-reconciler';
import type { RollupEventReader } from './rollup-event-reader';
import type { StateRootPoster } from './state-root-poster';

/** Options of the settlement loop. */
export interface SettlementLoopOptions {
  readonly reader: RollupEventReader;
  readonly reconciler: L1Reconciler;
  /** Phase III only: posts the node's state root at each range L1 confirms. */
  readonly poster?: StateRootPoster;
  readonly pollIntervalMs: number;
  readonly log: Logger;
}

/**
 * Until aborted: reads the rollup's events from L1 and reconciles them with what the node executed; in phase III
 * posts the state root at the last confirmed range. L1 disagreeing with the node ends the loop with
 * ReconciliationError; a failed read or post is logged and retried on the next poll.
 */
export async function runSettlement(options: SettlementLoopOptions, signal: AbortSignal): Promise<void> {
  const { reader, reconciler, poster, log } = options;
  while (!signal.aborted) {
    try {
      reconciler.add(await reader.read());
      if (poster && reconciler.lastBoundary) await poster.post(reconciler.lastBoundary);
    } catch (error) {
      if (error instanceof ReconciliationError) throw error;
      if (signal.aborted) return;
      log.warn('settling with L1 failed; retrying', { error });
    }
    await sleep(options.pollIntervalMs, signal);
  }
}
