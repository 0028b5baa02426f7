/** Capped exponential back-off with jitter, for reconnecting to the broker. */
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
 * a `jitter` fraction is random, so nodes that lost the broker together do not all come back at the same instant.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(attempt, 64);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** exponent);
  return Math.round(ceiling * (1 - policy.jitter * random()));
}
