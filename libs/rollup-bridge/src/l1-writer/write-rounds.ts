import { GasBudgetExceededError, errorLogFields } from '@hotshot/l1';
import { Backoff, sleep, type Logger } from '@hotshot/telemetry';

/**
 * How many items (headers, heights) one L1 call carries: halves while calls exceed the gas budget, and doubles back
 * towards the configured size after each mined call.
 */
export class GasBoundedBatchSize {
  private value: number;

  constructor(readonly configured: number) {
    this.value = configured;
  }

  get current(): number {
    return this.value;
  }

  /** After a mined call: a successful call at a smaller size lets the size grow back. */
  grow(): void {
    this.value = Math.min(this.configured, this.value * 2);
  }

  /** After a call over the gas budget; false when the size is already one and only a higher budget helps. */
  shrink(): boolean {
    if (this.value <= 1) return false;
    this.value = Math.max(1, Math.floor(this.value / 2));
    return true;
  }
}

/** What one L1 writer (the poster, the adaptor) does in each round and how its failures read in the log. */
export interface WriteRoundsOptions {
  /** One round; resolves once the next may start (it waits on its own while there is nothing to write). */
  readonly round: () => Promise<void>;
  readonly batch: GasBoundedBatchSize;
  readonly log: Logger;
  /** Logged at warn when the batch shrinks, with `{ [batchField]: the new size }`. */
  readonly shrinkMessage: string;
  readonly batchField: string;
  /** Logged at each other failure, with the delay before the next round. */
  readonly failureMessage: string;
  /** The contract function a failure is logged against. */
  readonly functionName: () => string;
  /** Failures that retrying will not heal, logged at error (a call over budget at size one always is). */
  readonly needsPerson?: (error: unknown) => boolean;
  readonly onFailure?: (error: unknown) => void;
}

/**
 * Runs rounds until `signal` aborts. A failed round is reported to `onFailure`; one over the gas budget is retried
 * at once with a smaller batch while it can shrink, any other after a backoff of 500 ms doubling to 30 s, which a
 * successful round resets.
 */
export async function runWriteRounds(signal: AbortSignal, options: WriteRoundsOptions): Promise<void> {
  const backoff = new Backoff({ initialDelayMs: 500, maxDelayMs: 30_000 });
  while (!signal.aborted) {
    try {
      await options.round();
      backoff.reset();
    } catch (error) {
      if (signal.aborted) break;
      options.onFailure?.(error);
      const overBudget = error instanceof GasBudgetExceededError;
      if (overBudget && options.batch.shrink()) {
        options.log.warn(options.shrinkMessage, {
          [options.batchField]: options.batch.current,
          ...errorLogFields(error),
        });
        continue;
      }
      const delayMs = backoff.next();
      options.log[overBudget || options.needsPerson?.(error) ? 'error' : 'warn'](options.failureMessage, {
        delayMs,
        failures: backoff.failures,
        ...errorLogFields(error, options.functionName()),
      });
      await sleep(delayMs, signal);
    }
  }
}
