import { Inject, Injectable } from '@nestjs/common';
import {
  blockTransactions,
  genesisLeaf,
  headerCommitment,
  leafCommitment,
  transactionHash,
  type Bytes32,
  type Header,
} from '@hotshot/protocol';
import type { AvailabilityStore, DecidedBlock, TransactionLocation } from '@hotshot/storage';
import { BadRequestError, HeightPrunedError, NotFoundError } from './api-errors';
import { AVAILABILITY_STORE, HOTSHOT_CONFIG, type HotShotConfigSource } from './api-ports';

/** Most heights one range request may span (`until - from`). */
export const MAX_RANGE = 100;

/** The part of the store a block stream reads: pages of blocks and the earliest height it may ask for. */
export type BlockSource = Pick<AvailabilityStore, 'getBlocks' | 'earliestHeight'>;

/**
 * Reads the availability store for the API and turns what is missing into 404 (not yet) or 410 (pruned).
 *
 * Height 0 is genesis, which no node decides or stores: it follows from the chain id alone (DESIGN.md 3), so
 * every node serves it, whatever it pruned. A node whose store begins at height 1 (every archival node) serves
 * the whole chain from 0 without a gap, in ranges and streams too.
 */
@Injectable()
export class AvailabilityReader {
  private genesisBlock: DecidedBlock | undefined;

  constructor(
    @Inject(AVAILABILITY_STORE) readonly store: AvailabilityStore,
    @Inject(HOTSHOT_CONFIG) private readonly config: HotShotConfigSource,
  ) {}

  /** The block at `height`; throws HeightPrunedError below the earliest height, NotFoundError above the latest. */
  async block(height: number): Promise<DecidedBlock> {
    const block = (await this.store.getBlock(height)) ?? (height === 0 ? await this.genesis() : undefined);
    if (!block) return this.missing(height, 'block');
    return block;
  }

  /** The block whose header commitment is `hash`; NotFoundError (naming the earliest height kept) if none. */
  async blockByHash(hash: Bytes32): Promise<DecidedBlock> {
    const block = (await this.store.getBlockByHash(hash)) ?? (await this.genesisIf((g) => g.headerCommitment === hash));
    if (!block) throw new NotFoundError('no decided block has this hash', await this.notFoundDetails({ hash }));
    return block;
  }

  /** The block whose leaf commitment is `hash`; NotFoundError (naming the earliest height kept) if none. */
  async blockByLeafHash(hash: Bytes32): Promise<DecidedBlock> {
    const block =
      (await this.store.getBlockByLeafCommitment(hash)) ?? (await this.genesisIf((g) => g.leafCommitment === hash));
    if (!block) throw new NotFoundError('no decided leaf has this hash', await this.notFoundDetails({ hash }));
    return block;
  }

  /** The transaction at `index` in block order at `height`; NotFoundError when the block has fewer. */
  async transactionAt(height: number, index: number): Promise<TransactionLocation> {
    const block = await this.block(height);
    if (!block.payload) {
      throw new NotFoundError('this node has the header at this height but not yet its payload', { height });
    }
    const transaction = blockTransactions(block.payload)[index];
    if (!transaction) {
      const count = block.payload.namespaceTable.reduce((sum, entry) => sum + entry.txCount, 0);
      throw new NotFoundError(`the block at this height has ${count} transactions`, { height, index, count });
    }
    return { hash: transactionHash(transaction), height, index, transaction };
  }

  /** The transaction with this hash, with where it was decided. */
  async transactionByHash(hash: Bytes32): Promise<TransactionLocation> {
    const location = await this.store.getTransaction(hash);
    if (!location) {
      throw new NotFoundError('no decided transaction has this hash', await this.notFoundDetails({ hash }));
    }
    return location;
  }

  /**
   * Blocks in [from, until), stopping at the latest decided height (a range reaching past it comes back short;
   * one starting past it comes back empty). Throws BadRequestError for an inverted range or one spanning more
   * than MAX_RANGE heights, HeightPrunedError when `from` is below the earliest height this node serves.
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
    const blocks = await this.blocks(from, until, until - from);
    // Pruning between the check and the read would shift the range's start: answer as if it came first.
    if (blocks.length > 0 && blocks[0]!.leaf.header.height !== from) await this.assertNotPruned(from);
    return blocks;
  }

  /** Blocks in [from, until), at most `limit`, from the store with genesis in front (what the streams read). */
  async blocks(from: number, until: number, limit: number): Promise<DecidedBlock[]> {
    if (from > 0 || limit === 0) return this.store.getBlocks(from, until, limit);
    const stored = await this.store.getBlocks(0, until, limit);
    if (stored[0]?.leaf.header.height === 0) return stored;
    const genesis = await this.genesis();
    if (!genesis) return stored;
    return [genesis, ...(until > 1 ? await this.store.getBlocks(1, until, limit - 1) : [])];
  }

  /** What a block stream reads: {@link blocks} and {@link earliestHeight}. */
  get blockSource(): BlockSource {
    return {
      getBlocks: (from, until, limit) => this.blocks(from, until, limit),
      earliestHeight: () => this.earliestHeight(),
    };
  }

  /**
   * The lowest height from which this node serves every height up to the latest: 0 when its store begins at
   * 0 or 1 (or is empty) and it knows genesis, else the store's earliest; undefined when it serves nothing.
   */
  async earliestHeight(): Promise<number | undefined> {
    const earliest = await this.store.earliestHeight();
    if (earliest !== undefined && earliest > 1) return earliest;
    return (await this.genesis()) ? 0 : earliest;
  }

  /** The header at `height` (genesis included), or undefined when this node does not hold it. */
  async header(height: number): Promise<Header | undefined> {
    return (await this.store.getHeader(height)) ?? (height === 0 ? (await this.genesis())?.leaf.header : undefined);
  }

  /** Throws HeightPrunedError when `height` is below the earliest height this node serves continuously. */
  async assertNotPruned(height: number): Promise<void> {
    const earliest = await this.earliestHeight();
    if (earliest !== undefined && height < earliest) throw new HeightPrunedError(height, earliest);
  }

  /** Explains why `what` at `height` is missing: pruned (410) or not decided yet (404). */
  async missing(height: number, what: string): Promise<never> {
    await this.assertNotPruned(height);
    const latest = await this.store.latestHeight();
    throw new NotFoundError(`no decided ${what} at this height yet`, { height, latestHeight: latest ?? null });
  }

  /** A hash this node does not know may be pruned: say from which height it keeps data. */
  async notFoundDetails(details: Record<string, unknown>): Promise<Record<string, unknown>> {
    return { ...details, earliestHeight: (await this.store.earliestHeight()) ?? null };
  }

  /**
   * The genesis block of this network: from the chain id of the network config, or before the node has it, of
   * any stored header; undefined while it knows neither.
   */
  async genesis(): Promise<DecidedBlock | undefined> {
    const chainId = this.config.current()?.config.chainId ?? (await this.storedChainId());
    if (chainId === undefined) return undefined;
    if (this.genesisBlock?.leaf.header.chainId !== chainId) {
      const leaf = genesisLeaf(chainId);
      this.genesisBlock = {
        leaf,
        leafCommitment: leafCommitment(leaf),
        headerCommitment: headerCommitment(leaf.header),
        payload: { namespaceTable: [], namespacePayloads: [] },
      };
    }
    return this.genesisBlock;
  }

  private async genesisIf(matches: (genesis: DecidedBlock) => boolean): Promise<DecidedBlock | undefined> {
    const genesis = await this.genesis();
    return genesis && matches(genesis) ? genesis : undefined;
  }

  private async storedChainId(): Promise<bigint | undefined> {
    const earliest = await this.store.earliestHeight();
    return earliest === undefined ? undefined : (await this.store.getHeader(earliest))?.chainId;
  }
}
