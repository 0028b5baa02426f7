import type { Prng } from './prng';
import type { SimulationConfig } from './sim-types';

/**
 * The network model: before GST a message between nodes on different sides of a partition is lost, any message
 * may be dropped or duplicated, and delays are random (so messages reorder); from GST on every message arrives
 * within postGstMaxDelayMs.
 */
export class SimNetwork<E> {
  constructor(
    private readonly config: SimulationConfig,
    private readonly prng: Prng,
    private readonly now: () => number,
    private readonly schedule: (time: number, event: E) => void,
  ) {}

  /** Schedules `event` (a delivery from `from` to `to`) as the network would carry it, or loses it. */
  transmit(from: number, to: number, event: E): void {
    const { network: model, gstMs } = this.config;
    const now = this.now();
    if (now >= gstMs) {
      this.schedule(now + this.prng.int(model.minDelayMs, model.postGstMaxDelayMs), event);
      return;
    }
    if (!this.reachable(from, to) || this.prng.chance(model.dropRate)) return;
    this.schedule(now + this.prng.int(model.minDelayMs, model.maxDelayMs), event);
    if (this.prng.chance(model.duplicateRate)) {
      this.schedule(now + this.prng.int(model.minDelayMs, model.maxDelayMs), event);
    }
  }

  /** Whether `from` can reach `to` now (always, from GST on). */
  reachable(from: number, to: number): boolean {
    const now = this.now();
    if (now >= this.config.gstMs) return true;
    for (const partition of this.config.partitions) {
      if (now < partition.fromMs || now >= partition.untilMs) continue;
      const side = (node: number) => partition.groups.findIndex((group) => group.includes(node));
      if (side(from) !== side(to)) return false;
    }
    return true;
  }

  /** A random element, from the network's own randomness (so other subsystems' draws do not shift). */
  pick<T>(items: readonly T[]): T {
    return this.prng.pick(items);
  }

  chance(p: number): boolean {
    return this.prng.chance(p);
  }
}
