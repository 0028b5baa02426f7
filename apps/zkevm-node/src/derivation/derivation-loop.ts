import { sleep, type Logger } from '@hotshot/telemetry';
import { BatchDataMismatchError, DerivationGapError, UnexpectedSequencingCallError } from '../errors';
import type { BatchExecutor } from '../execution/batch-executor';
import type { ExecutedChain } from '../execution/executed-chain';
import type { HeightSource } from './height-source';

/** Options of the derivation loop. */
export interface DerivationLoopOptions {
  readonly source: HeightSource;
  readonly executor: BatchExecutor;
  readonly chain: ExecutedChain;
  readonly retryDelayMs: number;
  readonly log: Logger;
}

/**
 * Derives the rollup until aborted: takes the next heights from the source (L1, or the sequencer's stream) and
 * executes each in order, recording it in the executed chain. A failed read is logged and retried; L1 contradicting
 * the derived chain, or an engine failure, ends the loop.
 */
export async function runDerivation(options: DerivationLoopOptions, signal: AbortSignal): Promise<void> {
  const { source, executor, chain, log } = options;
  while (!signal.aborted) {
    let heights;
    try {
      heights = await source.poll(signal);
    } catch (error) {
      if (signal.aborted) return;
      // L1 contradicting the derived chain will not heal by waiting.
      if (error instanceof DerivationGapError || error instanceof UnexpectedSequencingCallError) throw error;
      // Data that contradicts L1 is never executed; another read (or another sequencer) may serve the right data.
      if (error instanceof BatchDataMismatchError) log.error('served data does not match L1; retrying', { error });
      else log.warn('reading the next heights failed; retrying', { next: source.next, error });
      await sleep(options.retryDelayMs, signal);
      continue;
    }
    for (const height of heights) {
      const done = await executor.execute(height);
      chain.record(height.height, height, done);
      log.info('height executed', { ...done });
    }
  }
}
