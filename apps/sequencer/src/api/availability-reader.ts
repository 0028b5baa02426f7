import { Inject, Injectable } from '@nestjs/common';
import type { AvailabilityStore, DecidedBlock } from '@hotshot/storage';
import { BadRequestError, HeightPrunedError, NotFoundError } from './api-errors';
import { AVAILABILITY_STORE } from './api-ports';

/** Most heights one range request may span (`until - from`). */
export const MAX_RANGE = 100;

/** Reads the availability store for the API and turns what is missing into 404 (not yet) or 410 (pruned). */
@Injectable()
export class AvailabilityReader {
  constructor(@Inject(AVAILABILITY_STORE) readonly store: AvailabilityStore) {}

  /** The block at `height`; throws HeightPrunedError below the earliest height, NotFoundError above the latest. */
  async block(height: number): Promise<DecidedBlock> {
    const block = await this.store.getBlock(height);
    if (!block) return this.missing(height, 'block');
    return block;
  }

  /**
   * Blocks in [from, until), stopping at the latest decided height (a range reaching past it comes back short;
   * one starting past it comes back empty). Throws BadRequestError for an inverted range or one spanning more
   * than MAX_RANGE heights, HeightPrunedError when `from` is below the earliest stored height.
   */
  async range(from: number, until: number): Promise<DecidedBlock[]> {
    if (until < from) {
      throw new BadRequestError(`until (${until}) must not be below from (${from})`, { field: 'until', from, until });
    }
    if (until - from > MAX_RANGE) {
      throw new BadRequestError(`a range spans at most ${MAX_RANGE} heights; ${from}..${until} spans ${until - from}`, {
        field: 'until',
        from,
        until,
        maximum: MAX_RANGE,
      });
    }
    if (until === from) return [];
    await this.assertNotPruned(from);
    const blocks = await this.store.getBlocks(from, until, until - from);
    // Pruning between the check and the read would shift the range's start: answer as if it came first.
    if (blocks.length > 0 && blocks[0]!.leaf.header.height !== from) await this.assertNotPruned(from);
    return blocks;
  }

  /** Throws HeightPrunedError when `height` is below the earliest height this node still stores. */
  async assertNotPruned(height: number): Promise<void> {
    const earliest = await this.store.earliestHeight();
    if (earliest !== undefined && height < earliest) throw new HeightPrunedError(height, earliest);
  }

  /** Explains why `what` at `height` is missing: pruned (410) or not decided yet (404). */
  async missing(height: number, what: string): Promise<never> {
    await this.assertNotPruned(height);
    const latest = await this.store.latestHeight();
    throw new NotFoundError(`no decided ${what} at this height yet`, { height, latestHeight: latest ?? null });
  }
}
