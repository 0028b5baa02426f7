import { InvalidFieldError } from '../errors/decode-errors';
import type { Bytes32, Transaction } from '../model/types';
import { assertWithinBound, type BlockBounds } from './block-bounds';
import { isUint32, writeU32 } from '../codec/bytes';
import { keccakOfParts } from './keccak';

/** `keccak256(abi.encodePacked(uint32 namespace, payload))`: a transaction's id in the mempool and the API. */
export function transactionHash(tx: Transaction): Bytes32 {
  assertNamespace(tx.namespace);
  // The payload is hashed where it lies: copying it behind the namespace cost an allocation per transaction.
  const namespace = new Uint8Array(4);
  writeU32(namespace, 0, tx.namespace);
  return keccakOfParts([namespace, tx.payload]);
}

/** Throws InvalidFieldError unless `namespace` is a uint32. */
export function assertNamespace(namespace: number): void {
  if (!isUint32(namespace)) throw new InvalidFieldError('namespace', namespace, 'a uint32');
}

/**
 * Checks one submitted transaction: a uint32 namespace and a payload within `maxTxBytes`.
 * Throws InvalidFieldError or BoundExceededError (bound `maxTxBytes`).
 */
export function checkTransaction(tx: Transaction, bounds: BlockBounds): void {
  assertNamespace(tx.namespace);
  assertWithinBound(bounds, 'maxTxBytes', tx.payload.length);
}
