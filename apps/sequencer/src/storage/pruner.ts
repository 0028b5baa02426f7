import type { AvailabilityStore } from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import type { Retention } from '../node-settings';

/**
 * Applies the node's retention policy: keeps the newest `blocks` decided blocks and those younger than `ageMs`
 * (by header timestamp), whichever keeps less, and prunes the rest. The newest block always stays.
 */
export class Pruner {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly availability: AvailabilityStore,
    private readonly retention: Retention,
    private readonly clock: () => number,
    private readonly log: Logger,
    private readonly intervalMs = 10_000,
  ) {}

  /** Prunes now and then every `intervalMs`. */
  start(): void {
    const tick = () => {
      this.pruneOnce()
        .catch((error) => this.log.error('pruning failed', { error }))
        .finally(() => {
          this.timer = setTimeout(tick, this.intervalMs);
          this.timer.unref();
        });
    };
    tick();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** The lowest height to keep under the policy, or undefined when nothing is stored. */
  async keepFrom(): Promise<number | undefined> {
    const latest = await this.availability.latestHeight();
    const earliest = await this.availability.earliestHeight();
    if (latest === undefined || earliest === undefined) return undefined;
    let keep = earliest;
    if (this.retention.blocks !== undefined) keep = Math.max(keep, latest - this.retention.blocks + 1);
    if (this.retention.ageMs !== undefined) keep = Math.max(keep, await this.firstYoungerThan(earliest, latest));
    return Math.min(keep, latest);
  }

  /** Prunes what the policy no longer keeps; returns how many blocks went. */
  async pruneOnce(): Promise<number> {
    const keep = await this.keepFrom();
    const earliest = await this.availability.earliestHeight();
    if (keep === undefined || earliest === undefined || keep <= earliest) return 0;
    const pruned = await this.availability.pruneBelow(keep);
    if (pruned > 0) this.log.info('pruned', { below: keep, blocks: pruned });
    return pruned;
  }

  /** The lowest height in [low, high] whose header is younger than the age bound (high if none is). */
  private async firstYoungerThan(low: number, high: number): Promise<number> {
    const cutoff = this.clock() - this.retention.ageMs!;
    let lo = low;
    let hi = high;
    // Timestamps never decrease along the chain, so a binary search finds the boundary.
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const header = await this.availability.getHeader(mid);
      if (header && header.timestamp >= cutoff) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
