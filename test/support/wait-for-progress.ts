import { setTimeout as sleep } from 'node:timers/promises';

/** How to wait for a condition on a machine whose speed nobody knows. */
export interface ProgressWait<T> {
  /** What is awaited, for the error message: `height 3 on nodes [0,1,2]`. */
  readonly what: string;
  /** Reads the current state (a thrown error counts as a state, its message, except GiveUpError, which ends it). */
  readonly observe: () => Promise<T> | T;
  /** Whether the state is the one awaited. */
  readonly done: (state: T) => boolean;
  /** The part of the state whose change counts as progress; default the whole state. */
  readonly progress?: (state: T) => unknown;
  /** Fail once the progress part has not changed for this long; default 60 000 ms. */
  readonly stallMs?: number;
  /** Fail after this long even while progress is being made; default 600 000 ms. */
  readonly capMs?: number;
  /** Poll period; default 200 ms. */
  readonly intervalMs?: number;
  /** More to say in the error (where the logs are), read when it is thrown. */
  readonly context?: () => string;
}

/** Thrown by an observation to end the wait at once (the awaited thing can no longer happen: a process exited). */
export class GiveUpError extends Error {
  override name = 'GiveUpError';
}

/** The failure of a progress wait: names what did not happen and the last state seen. */
export class ProgressTimeoutError extends Error {
  override name = 'ProgressTimeoutError';
}

/**
 * Polls until `done` holds, waiting as long as the observed progress keeps changing: the stall timer restarts at
 * every change, so a slow but moving system (a loaded machine) is waited for, and a stuck one fails after `stallMs`
 * with a message naming what did not happen. Resolves with the final state.
 */
export async function waitForProgress<T>(wait: ProgressWait<T>): Promise<T> {
  const stallMs = wait.stallMs ?? 60_000;
  const capMs = wait.capMs ?? 600_000;
  const started = Date.now();
  let lastChange = started;
  let lastProgress: string | undefined;
  for (;;) {
    let state: unknown;
    let progress: string;
    try {
      const observed = await wait.observe();
      if (wait.done(observed)) return observed;
      state = observed;
      progress = describe(wait.progress ? wait.progress(observed) : observed);
    } catch (error) {
      if (error instanceof GiveUpError) throw error;
      state = { error: error instanceof Error ? error.message : String(error) };
      progress = describe(state);
    }
    const now = Date.now();
    if (progress !== lastProgress) {
      lastProgress = progress;
      lastChange = now;
    }
    const context = () => (wait.context ? ` (${wait.context()})` : '');
    if (now - lastChange > stallMs) {
      throw new ProgressTimeoutError(
        `timed out waiting for ${wait.what}: no progress for ${stallMs} ms; last seen ${describe(state)}${context()}`,
      );
    }
    if (now - started > capMs) {
      throw new ProgressTimeoutError(
        `timed out waiting for ${wait.what}: still not done after ${capMs} ms; last seen ${describe(state)}${context()}`,
      );
    }
    await sleep(wait.intervalMs ?? 200);
  }
}

/** Polls until `predicate` holds, for at most `capMs` (default 60 000 ms); the error names `what`. */
export async function waitFor(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  options: { readonly capMs?: number; readonly intervalMs?: number; readonly context?: () => string } = {},
): Promise<void> {
  const capMs = options.capMs ?? 60_000;
  await waitForProgress({
    what,
    observe: predicate,
    done: (ok) => ok,
    progress: () => 'no measure of progress: wait up to the cap',
    stallMs: capMs,
    capMs,
    intervalMs: options.intervalMs,
    context: options.context,
  });
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
