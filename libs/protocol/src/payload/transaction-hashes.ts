import type { BlockPayload, Bytes32 } from '../model/types';
import { blockTransactions } from './block-payload';
import { transactionHash } from './transaction';

/** Payloads are never mutated, so each one's hashes are computed once, however many consumers ask. */
const cache = new WeakMap<BlockPayload, readonly Bytes32[]>();

/**
 * The hashes of a payload's transactions in block order. Memoized per payload object: the node hashes a block's
 * transactions once for the mempool, the leader's exclusion set and the transaction index, not once each.
 */
export function blockTransactionHashes(payload: BlockPayload): readonly Bytes32[] {
  let hashes = cache.get(payload);
  if (!hashes) {
    hashes = blockTransactions(payload).map(transactionHash);
    cache.set(payload, hashes);
  }
  return hashes;
}
