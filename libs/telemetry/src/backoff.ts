/** Capped exponential back-off with jitter, for retrying a connection or a call. */
export interface BackoffPolicy {
  /** Delay before the first retry, in ms; default 100. */
  readonly initialDelayMs: number;
  /** Largest delay, in ms; default 10000. */
  readonly maxDelayMs: number;
  /** Growth per failed attempt; default 2. */
  readonly multiplier: number;
  /** Fraction of the delay that is random, 0..1; default 0.5 (the delay lies in [d/2, d]). */
  readonly jitter: number;
}

/** Defaults of BackoffPolicy. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialDelayMs: 100, maxDelayMs: 10_000, multiplier: 2, jitter: 0.5 };

/**
 * The delay before retry number `attempt` (0 for the first retry): `min(max, initial * multiplier^attempt)`, of which
 * a `jitter` fraction is random, so clients that failed together do not all come back at the same instant.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(attempt, 64);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** exponent);
  return Math.round(ceiling * (1 - policy.jitter * random()));
}

/** A retry loop's back-off: counts failures in a row and gives the next delay (backoffDelay) until reset. */
export class Backoff {
  private attempt = 0;
  private readonly policy: BackoffPolicy;

  /** `policy` fills in DEFAULT_BACKOFF; `random` draws the jitter (default Math.random). */
  constructor(
    policy: Partial<BackoffPolicy> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.policy = { ...DEFAULT_BACKOFF, ...policy };
  }

  /** The delay before the next retry, in milliseconds; each call doubles the ceiling (up to maxDelayMs). */
  next(): number {
    return backoffDelay(this.attempt++, this.policy, this.random);
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
