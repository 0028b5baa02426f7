import {
  blockTransactionHashes,
  decodeBlockPayload,
  encodedNamespaceOffsets,
  namespaceTransactionSpans,
  UNBOUNDED,
  type BlockPayload,
  type Bytes32,
  type FinalityCertificate,
  type Leaf,
  type NamespaceEntry,
  type QuorumCertificate,
} from '@hotshot/protocol';
import type { AppendDecidedOptions, DecidedBlock, TransactionLocation } from './availability-store';
import { fromTaggedJson, toTaggedJson } from './codec/tagged-json';
import { CorruptRecordError, SafetyViolationError, StorageError } from './errors';

// What the SQLite and PostgreSQL availability stores share: the rules of appending and pruning, and the rows both
// schemas hold. A backend keeps only its SQL and its driver calls.

/**
 * The tables below `leaves` that hold rows by height, deleted before the leaves when a height goes. A decided block's
 * bytes are in `payload_bytes`, named by a `block_payloads` row that the safety store wrote while the block was
 * undecided and the decide gave its height: a backend deletes those bytes first (their row goes with them). Heights
 * decided before schema 4 keep theirs in `namespace_payloads`.
 */
export const HEIGHT_TABLES = ['payloads', 'namespace_payloads', 'transactions', 'finality_certificates'] as const;

/** A `leaves` row to insert. */
export interface LeafRow {
  readonly height: number;
  readonly view: number;
  readonly leaf_commitment: Bytes32;
  readonly header_commitment: Bytes32;
  readonly leaf: string;
  readonly deciding_qc: string | null;
}

/** One write of an append, in height order. */
export interface AppendWrite {
  readonly height: number;
  /** The leaf to insert; absent when the height is already stored with this leaf. */
  readonly insert?: LeafRow;
  /** A deciding certificate for a stored leaf, set only where the row has none yet. */
  readonly decidingQc?: string;
  /** The payload to store (and index) unless the height already has one. */
  readonly payload?: BlockPayload;
  /** The decided leaf's view (a payload row the store writes anew carries it, as the safety store's rows do). */
  readonly view: number;
}

/** What appendDecided writes, in order, planned from what the store holds. */
export interface AppendPlan {
  /** Delete every row below this height first: a warm start's chain begins above a gap (`startChain`). */
  readonly deleteBelow?: number;
  readonly writes: readonly AppendWrite[];
}

/**
 * Plans an append (AvailabilityStore.appendDecided) from the store's latest height and the leaf commitments it
 * holds at the blocks' heights. Throws SafetyViolationError where a different leaf is stored at a height, and
 * StorageError at a gap (unless `startChain`).
 */
export function planAppend(
  blocks: readonly DecidedBlock[],
  held: { readonly latest: number | undefined; readonly commitments: ReadonlyMap<number, Bytes32> },
  options: AppendDecidedOptions = {},
): AppendPlan {
  let latest = held.latest;
  let deleteBelow: number | undefined;
  const first = blocks[0]?.leaf.header.height;
  if (options.startChain && first !== undefined && latest !== undefined && first > latest + 1) {
    // Every height the blocks hold is above `latest`, so none of them is stored and the deletion touches none.
    deleteBelow = first;
    latest = undefined;
  }
  // A block twice in one call counts as stored the second time.
  const commitments = new Map(held.commitments);
  const writes = blocks.map((block): AppendWrite => {
    const height = block.leaf.header.height;
    const decidingQc = block.decidingQc ? toTaggedJson(block.decidingQc) : undefined;
    const stored = commitments.get(height);
    if (stored !== undefined) {
      if (stored !== block.leafCommitment) {
        throw new SafetyViolationError('a different leaf is already decided at this height', {
          height,
          stored,
          attempted: block.leafCommitment,
        });
      }
      return { height, decidingQc, payload: block.payload, view: block.leaf.view };
    }
    if (latest !== undefined && height !== latest + 1) {
      throw new StorageError('decided blocks must be appended without gaps', { expected: latest + 1, got: height });
    }
    commitments.set(height, block.leafCommitment);
    latest = height;
    const insert: LeafRow = {
      height,
      view: block.leaf.view,
      leaf_commitment: block.leafCommitment,
      header_commitment: block.headerCommitment,
      leaf: toTaggedJson(block.leaf),
      deciding_qc: decidingQc ?? null,
    };
    return { height, insert, payload: block.payload, view: block.leaf.view };
  });
  return { deleteBelow, writes };
}

/** The height below which pruneBelow(height) deletes: the newest block stays, to anchor later appends. */
export function pruneFloor(height: number, latest: number | undefined): number {
  return latest === undefined ? height : Math.min(height, latest);
}

/** A `transactions` row: where a transaction's bytes lie inside its namespace payload. */
export interface TransactionRow {
  readonly hash: Bytes32;
  readonly height: number;
  readonly idx: number;
  readonly namespace: number;
  /** Index of the namespace payload in the block. */
  readonly position: number;
  readonly offset: number;
  readonly length: number;
}

/**
 * The transaction index of a block's payload, in block order, each transaction located inside its namespace
 * payload (`position`, `offset`).
 */
export function transactionRows(height: number, payload: BlockPayload): TransactionRow[] {
  const hashes = blockTransactionHashes(payload);
  const rows: TransactionRow[] = [];
  payload.namespaceTable.forEach((entry, position) => {
    for (const span of namespaceTransactionSpans(payload.namespacePayloads[position]!, UNBOUNDED)) {
      const idx = rows.length;
      rows.push({ hash: hashes[idx]!, height, idx, namespace: entry.namespace, position, ...span });
    }
  });
  return rows;
}

/**
 * transactionRows with each offset into the block payload's encoded form (encodeBlockPayload), which is where a
 * block_payloads row holds the bytes; `position` still names the namespace payload.
 */
export function encodedTransactionRows(height: number, payload: BlockPayload): TransactionRow[] {
  const starts = encodedNamespaceOffsets(payload);
  return transactionRows(height, payload).map((row) => ({ ...row, offset: starts[row.position]! + row.offset }));
}

/** A stored leaf joined with its payload, as both backends read it. */
export interface BlockRow {
  readonly leaf_commitment: Bytes32;
  readonly header_commitment: Bytes32;
  readonly leaf: string;
  readonly deciding_qc: string | null;
  /** Null while the height has no payload. */
  readonly namespace_table: string | null;
  /** The block's payload in its encoded form (block_payloads); null for a height stored before schema 4. */
  readonly block_payload: Uint8Array | null;
  /** The namespace payloads of a height stored before schema 4 (empty for later ones). */
  readonly namespace_payloads: readonly Uint8Array[];
}

/** The decided block a BlockRow holds. */
export function decodeBlock(row: BlockRow): DecidedBlock {
  const payload: BlockPayload | undefined =
    row.namespace_table === null
      ? undefined
      : {
          namespaceTable: fromTaggedJson<NamespaceEntry[]>(row.namespace_table, 'namespace table'),
          namespacePayloads: row.block_payload
            ? decodeBlockPayload(row.block_payload, UNBOUNDED).namespacePayloads
            : row.namespace_payloads.map(toBytes),
        };
  return {
    leaf: decodeLeaf(row.leaf),
    leafCommitment: row.leaf_commitment,
    headerCommitment: row.header_commitment,
    payload,
    decidingQc: row.deciding_qc ? fromTaggedJson<QuorumCertificate>(row.deciding_qc, 'certificate') : undefined,
  };
}

export function decodeLeaf(text: string): Leaf {
  return fromTaggedJson<Leaf>(text, 'leaf');
}

export function decodeFinalityCertificate(text: string): FinalityCertificate {
  return fromTaggedJson<FinalityCertificate>(text, 'finality certificate');
}

/** A transaction looked up by hash; integers as the driver returns them (pg gives bigint columns as strings). */
export interface TransactionLookupRow {
  readonly hash: Bytes32;
  readonly height: number | string;
  readonly idx: number;
  readonly namespace: number | string;
  readonly payload: Uint8Array;
}

export function decodeTransaction(row: TransactionLookupRow): TransactionLocation {
  return {
    hash: row.hash,
    height: toSafeNumber(row.height, 'height'),
    index: row.idx,
    transaction: { namespace: toSafeNumber(row.namespace, 'namespace'), payload: toBytes(row.payload) },
  };
}

/** A stored height (a number, or the string pg gives for bigint), undefined for the NULL of an empty table. */
export function storedHeight(value: string | number | null | undefined): number | undefined {
  return value == null ? undefined : toSafeNumber(value, 'height');
}

/** A stored integer (pg returns bigint columns as strings) as a number; CorruptRecordError beyond 2^53. */
export function toSafeNumber(value: string | number, what: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new CorruptRecordError(`stored ${what} is not a safe integer`, { value });
  return number;
}

/** Stored bytes (drivers return Buffers) as a plain Uint8Array of their own, so they compare equal to what was stored. */
export function toBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
}
