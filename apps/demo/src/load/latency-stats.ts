/** Latency samples in milliseconds: percentiles over the whole run and over a recent window. */
export class LatencyStats {
  private readonly all: number[] = [];
  private recent: { atMs: number; latencyMs: number }[] = [];

  constructor(
    private readonly windowMs = 10_000,
    private readonly maxSamples = 200_000,
  ) {}

  /** Records one latency observed at `atMs`. */
  add(latencyMs: number, atMs: number): void {
    if (this.all.length < this.maxSamples) this.all.push(latencyMs);
    this.recent.push({ atMs, latencyMs });
  }

  /** Samples so far. */
  get count(): number {
    return this.all.length;
  }

  /** The `p`-th percentile (0..100) of every sample, or null without samples. */
  percentile(p: number): number | null {
    return percentileOf(this.all, p);
  }

  /** The `p`-th percentile of the samples of the last window before `nowMs`. */
  recentPercentile(p: number, nowMs: number): number | null {
    this.recent = this.recent.filter((sample) => sample.atMs >= nowMs - this.windowMs);
    return percentileOf(
      this.recent.map((sample) => sample.latencyMs),
      p,
    );
  }
}

/** Nearest-rank percentile of `values` (0..100), or null when empty. */
export function percentileOf(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}
