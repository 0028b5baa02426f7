import { DEFAULT_BACKOFF, backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2, jitter: 0.5 };

  it('doubles from the initial delay up to the cap when the jitter draws 0', () => {
    expect([0, 1, 2, 3, 4, 5, 50, 5000].map((a) => backoffDelay(a, policy, () => 0))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000, 1000,
    ]);
  });

  it('keeps every delay within [ceiling * (1 - jitter), ceiling]', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const ceiling = Math.min(1000, 100 * 2 ** attempt);
      for (const draw of [0, 0.25, 0.5, 0.999]) {
        const delay = backoffDelay(attempt, policy, () => draw);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
    expect(backoffDelay(3, policy, () => 0.999)).toBeLessThan(backoffDelay(3, policy, () => 0));
  });

  it('has sane defaults', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0)).toBe(100);
    expect(backoffDelay(100, DEFAULT_BACKOFF, () => 0)).toBe(10_000);
  });
});
