import { Backoff, DEFAULT_BACKOFF, backoffDelay, sleep } from './backoff';

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

describe('Backoff', () => {
  it('doubles the ceiling up to the maximum, with jitter between half and all of it, and resets', () => {
    const upper = new Backoff({ initialDelayMs: 100, maxDelayMs: 1000 }, () => 0);
    expect([1, 2, 3, 4, 5].map(() => upper.next())).toEqual([100, 200, 400, 800, 1000]);
    expect(upper.failures).toBe(5);
    upper.reset();
    expect(upper.failures).toBe(0);
    expect(upper.next()).toBe(100);
    const lower = new Backoff({ initialDelayMs: 100, maxDelayMs: 1000 }, () => 1);
    expect([lower.next(), lower.next()]).toEqual([50, 100]);
  });

  it('fills in the default policy', () => {
    expect(new Backoff({}, () => 0).next()).toBe(DEFAULT_BACKOFF.initialDelayMs);
  });
});

describe('sleep', () => {
  it('returns at once when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const slept = sleep(60_000, controller.signal);
    controller.abort();
    await slept;
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('waits out its delay when nothing aborts', async () => {
    const started = Date.now();
    await sleep(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
