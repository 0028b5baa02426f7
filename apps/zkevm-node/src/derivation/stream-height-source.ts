import { bytesToHex } from 'viem';
import { namespacePayloadHash } from '@hotshot/l1';
import type { NamespaceBlock, NamespaceFollower } from '@hotshot/sequencer-api';
import type { RollupHeight } from '../execution/batch-executor';
import type { HeightSource } from './height-source';

/** Most heights handed to the executor per poll, so L1 reconciliation and shutdown are looked at in between. */
const MAX_HEIGHTS_PER_POLL = 50;

/**
 * Preconfirmation: the rollup's heights straight from a sequencer's decided-block stream, before L1 has them. The
 * follower checks each block against its header; L1 later confirms the same inputs (see L1Reconciler).
 */
export class StreamHeightSource implements HeightSource {
  next: number;

  constructor(
    private readonly follower: NamespaceFollower,
    private readonly namespace: number,
    from: number,
    private readonly waitMs: number,
  ) {
    this.next = from;
  }

  async poll(signal: AbortSignal): Promise<RollupHeight[]> {
    await this.follower.waitForBlock(this.waitMs, signal);
    const heights = this.follower.take(MAX_HEIGHTS_PER_POLL).map((block) => toRollupHeight(block, this.namespace));
    if (heights.length > 0) this.next = heights[heights.length - 1]!.height + 1;
    return heights;
  }
}

/** A decided block's namespace as one height to execute. */
export function toRollupHeight(block: NamespaceBlock, namespace: number): RollupHeight {
  return {
    height: block.height,
    timestampMs: block.header.timestamp,
    transactions: block.transactions.map((tx) => bytesToHex(tx)),
    headerCommitment: block.headerCommitment,
    payloadHash: namespacePayloadHash(block.namespaceTable, namespace),
  };
}
