import { LatencyStats, percentileOf } from './latency-stats';

describe('latency percentiles', () => {
  it('uses the nearest rank', () => {
    expect(percentileOf([], 50)).toBeNull();
    expect(percentileOf([30, 10, 20], 50)).toBe(20);
    expect(percentileOf([1, 2, 3, 4], 50)).toBe(2);
    expect(percentileOf([1, 2, 3, 4], 90)).toBe(4);
    expect(percentileOf([5], 0)).toBe(5);
  });

  it('keeps every sample for the run and only the window for the recent percentile', () => {
    const stats = new LatencyStats(1000);
    stats.add(100, 0);
    stats.add(200, 500);
    stats.add(900, 1800);
    expect(stats.count).toBe(3);
    expect(stats.percentile(50)).toBe(200);
    expect(stats.recentPercentile(50, 2000)).toBe(900);
  });
});
