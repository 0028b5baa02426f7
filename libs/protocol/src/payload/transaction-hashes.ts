import type { BlockPayload, Bytes32, Transaction } from '../model/types';
import { blockTransactions } from './block-payload';
import { transactionHash } from './transaction';

/**
 * Where a node may already know a transaction's hash (its mempool hashed it on arrival): the hash of exactly these
 * bytes, or undefined. It must answer only for a transaction equal in namespace and every byte.
 */
export type KnownTransactionHash = (tx: Transaction) => Bytes32 | undefined;

/** Payloads are never mutated, so each one's hashes are computed once, however many consumers ask. */
const cache = new WeakMap<BlockPayload, readonly Bytes32[]>();

/**
 * The hashes of a payload's transactions in block order. Memoized per payload object: the node hashes a block's
 * transactions once for the mempool, the leader's exclusion set and the transaction index, not once each. With
 * `known`, a transaction the node hashed before (on arrival in its mempool) is not hashed again.
 */
export function blockTransactionHashes(payload: BlockPayload, known?: KnownTransactionHash): readonly Bytes32[] {
  let hashes = cache.get(payload);
  if (!hashes) {
    hashes = blockTransactions(payload).map((tx) => known?.(tx) ?? transactionHash(tx));
    cache.set(payload, hashes);
  }
  return hashes;
}
