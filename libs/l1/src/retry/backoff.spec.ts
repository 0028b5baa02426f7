import { Backoff, sleep } from './backoff';

describe('Backoff', () => {
  it('doubles the ceiling up to the maximum, with jitter between half and all of it, and resets', () => {
    const upper = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 1 });
    expect([1, 2, 3, 4, 5].map(() => upper.next())).toEqual([100, 200, 400, 800, 1000]);
    expect(upper.failures).toBe(5);
    upper.reset();
    expect(upper.next()).toBe(100);
    const lower = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0 });
    expect([lower.next(), lower.next()]).toEqual([50, 100]);
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
});
