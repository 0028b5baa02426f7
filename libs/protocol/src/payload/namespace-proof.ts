import { CommitmentMismatchError, CountMismatchError, DecodeError } from '../errors/decode-errors';
import type { BlockPayload, Header, NamespaceEntry, Transaction } from '../model/types';
import type { BlockBounds } from './block-bounds';
import { decodeNamespacePayload } from './namespace-payload';
import { assertNamespaceTable, findNamespace, payloadCommitment } from './namespace-table';
import { assertNamespace } from './transaction';
import { keccakBytes } from './keccak';

/**
 * Proof of one namespace's transactions in a block, or of their absence: the block's whole namespace table
 * (which hashes to the header's payloadCommitment) plus, when the namespace is present, its table index and
 * encoded payload (which hashes to that entry's payloadHash).
 */
export interface NamespaceProof {
  readonly namespaceTable: readonly NamespaceEntry[];
  /** Position of the namespace in the table; absent when the namespace has no transactions in the block. */
  readonly index?: number;
  /** The namespace's encoded payload; absent exactly when `index` is. */
  readonly namespacePayload?: Uint8Array;
}

/** A namespace proof is inconsistent with itself (a payload for an absent namespace, a wrong index, ...). */
export class InvalidNamespaceProofError extends DecodeError {
  override name = 'InvalidNamespaceProofError';
  constructor(reason: string, namespace: number) {
    super(`invalid namespace proof: ${reason}`, { details: { namespace, reason } });
  }
}

/** The proof for `namespace` in a block payload (which the caller has checked). */
export function namespaceProof(payload: BlockPayload, namespace: number): NamespaceProof {
  assertNamespace(namespace);
  const index = findNamespace(payload.namespaceTable, namespace);
  if (index === -1) return { namespaceTable: payload.namespaceTable };
  return { namespaceTable: payload.namespaceTable, index, namespacePayload: payload.namespacePayloads[index] };
}

/**
 * Checks a namespace proof against a header and returns the namespace's transactions in block order (empty when
 * the sorted table proves the namespace absent). `bounds` defaults to what the table itself announces.
 * Throws only DecodeError subclasses: CommitmentMismatchError, InvalidNamespaceProofError, ...
 */
export function verifyNamespaceProof(
  header: Header,
  proof: NamespaceProof,
  namespace: number,
  bounds?: BlockBounds,
): Transaction[] {
  assertNamespace(namespace);
  const table = proof.namespaceTable;
  assertNamespaceTable(table);
  const commitment = payloadCommitment(table);
  if (commitment !== header.payloadCommitment.toLowerCase()) {
    throw new CommitmentMismatchError('namespace table', header.payloadCommitment, commitment);
  }
  const index = findNamespace(table, namespace);
  if (index === -1) {
    if (proof.index !== undefined || proof.namespacePayload !== undefined) {
      throw new InvalidNamespaceProofError('carries a payload for a namespace the table does not list', namespace);
    }
    return [];
  }
  if (proof.index !== index) throw new InvalidNamespaceProofError(`index is not ${index}`, namespace);
  const bytes = proof.namespacePayload;
  if (bytes === undefined) throw new InvalidNamespaceProofError('payload missing', namespace);
  const entry = table[index];
  const hash = keccakBytes(bytes);
  if (hash !== entry.payloadHash.toLowerCase()) {
    throw new CommitmentMismatchError(`namespace ${namespace} payload`, entry.payloadHash, hash);
  }
  const payloads = decodeNamespacePayload(
    bytes,
    bounds ?? { maxTxBytes: bytes.length, maxBlockBytes: bytes.length, maxBlockTxs: entry.txCount },
  );
  if (payloads.length !== entry.txCount) {
    throw new CountMismatchError('namespace transaction', entry.txCount, payloads.length);
  }
  return payloads.map((payload) => ({ namespace, payload }));
}
