import { sleep } from '@hotshot/l1';
import type { Logger } from '@hotshot/telemetry';
import { BatchDataMismatchError, DerivationGapError, UnexpectedSequencingCallError } from '../errors';
import type { BatchExecutor } from '../execution/batch-executor';
import type { L1BatchSource } from './l1-batch-source';

/** Options of the derivation loop. */
export interface DerivationLoopOptions {
  readonly source: L1BatchSource;
  readonly executor: BatchExecutor;
  readonly pollIntervalMs: number;
  readonly log: Logger;
}

/**
 * Derives the rollup until aborted: reads newly sequenced heights from L1 (and their data) and executes each in order. A failed L1
 * read is logged and retried on the next poll; L1 contradicting the derived chain, or an engine failure, ends the loop.
 */
export async function runDerivation(options: DerivationLoopOptions, signal: AbortSignal): Promise<void> {
  const { source, executor, log } = options;
  while (!signal.aborted) {
    let heights;
    try {
      heights = await source.poll();
    } catch (error) {
      // L1 contradicting the derived chain will not heal by waiting.
      if (error instanceof DerivationGapError || error instanceof UnexpectedSequencingCallError) throw error;
      // Data that contradicts L1 is never executed; another read (or another sequencer) may serve the right data.
      if (error instanceof BatchDataMismatchError) log.error('served data does not match L1; retrying', { error });
      else log.warn('reading the next heights failed; retrying', { next: source.next, error });
      await sleep(options.pollIntervalMs, signal);
      continue;
    }
    for (const height of heights) {
      const done = await executor.execute(height);
      log.info('height executed', { ...done });
    }
    if (heights.length === 0) await sleep(options.pollIntervalMs, signal);
  }
}
