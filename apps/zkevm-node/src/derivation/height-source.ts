import type { RollupHeight } from '../execution/batch-executor';

/** Where the derivation loop gets the rollup's heights: L1 (phases I and II) or the sequencer's stream (preconf, III). */
export interface HeightSource {
  /** The next HotShot height this source will deliver. */
  readonly next: number;
  /** The heights available since the last call, in order without gaps; empty when there are none yet. */
  poll(signal: AbortSignal): Promise<RollupHeight[]>;
}
