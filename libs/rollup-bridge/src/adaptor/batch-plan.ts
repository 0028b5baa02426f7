import type { NamespaceBlock } from '@hotshot/sequencer-api';

/** Phase I posts each height's transactions in calldata; phase II only its header and namespace table. */
export type AdaptorMode = 'basic' | 'offchain-da';

/** Bounds of one sequencing call. */
export interface BatchLimits {
  /** Highest height HotShot.sol holds: the rollup cannot sequence past it. */
  readonly upToHeight: number;
  readonly maxHeights: number;
  /** Most calldata bytes (estimated) one call carries. */
  readonly maxBytes: number;
}

/**
 * Approximate ABI-encoded size of one height in a sequencing call, in bytes: the header (7 words), offsets and
 * lengths, three words per namespace-table row, and in phase I each transaction padded to words plus its offset
 * and length.
 */
export function batchCalldataBytes(block: NamespaceBlock, mode: AdaptorMode): number {
  const fixed = 32 * (7 + 4) + 96 * block.namespaceTable.length;
  if (mode === 'offchain-da') return fixed;
  return fixed + 32 + block.transactions.reduce((sum, tx) => sum + 64 + 32 * Math.ceil(tx.length / 32), 0);
}

/**
 * The blocks of the next sequencing call: a prefix of `blocks` (consecutive heights from the rollup's next one)
 * that stays at or below `upToHeight` and within the limits. Always at least one block when the first is
 * eligible, even over `maxBytes`, so one large block cannot stall the rollup (its gas is checked on its own).
 */
export function takeBatch(blocks: readonly NamespaceBlock[], mode: AdaptorMode, limits: BatchLimits): NamespaceBlock[] {
  const batch: NamespaceBlock[] = [];
  let bytes = 0;
  for (const block of blocks) {
    if (block.height > limits.upToHeight || batch.length >= limits.maxHeights) break;
    const size = batchCalldataBytes(block, mode);
    if (batch.length > 0 && bytes + size > limits.maxBytes) break;
    batch.push(block);
    bytes += size;
  }
  return batch;
}
