/** Exponential back-off with jitter: 0.5x to 1x of a delay that doubles from `initialMs` up to `maxMs`. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: {
      readonly initialMs?: number;
      readonly maxMs?: number;
      readonly random?: () => number;
    } = {},
  ) {}

  /** The delay before the next retry, in milliseconds; each call doubles the ceiling. */
  next(): number {
    const initial = this.options.initialMs ?? 500;
    const ceiling = Math.min(this.options.maxMs ?? 30_000, initial * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return Math.round(ceiling * (0.5 + 0.5 * (this.options.random ?? Math.random)()));
  }

  /** Failures in a row since the last reset. */
  get failures(): number {
    return this.attempt;
  }

  /** Starts over after a success. */
  reset(): void {
    this.attempt = 0;
  }
}

/** Resolves after `ms` milliseconds, or at once when `signal` aborts (it never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
