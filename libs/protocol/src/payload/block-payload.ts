import { CommitmentMismatchError, CountMismatchError, InvalidFieldError } from '../errors/decode-errors';
import type { BlockPayload, Bytes32, NamespaceEntry, Transaction } from '../model/types';
import { UNBOUNDED, assertWithinBound, type BlockBounds } from './block-bounds';
import { encodeNamespacePayload, namespacePayloadLengths, namespaceTransactionSpans } from './namespace-payload';
import { assertNamespaceTable, payloadCommitment } from './namespace-table';
import { checkTransaction } from './transaction';
import { keccakBytes } from './keccak';

/** What checkBlockPayload learned about a valid payload. */
export interface CheckedBlockPayload {
  /** The payload commitment its header must carry. */
  readonly commitment: Bytes32;
  /** Sum of the namespace payloads' byte lengths: the header's payloadSize. */
  readonly size: number;
  /** Transactions in the block. */
  readonly txCount: number;
}

/**
 * Payloads this process built, with what checkBlockPayload would learn and the bounds they were built within: a
 * leader checks its own block as a replica, and hashing it twice cost a pass over every byte it proposes.
 */
const built = new WeakMap<BlockPayload, { readonly bounds: BlockBounds; readonly checked: CheckedBlockPayload }>();

/**
 * Builds a block from transactions: grouped by namespace, submission order kept inside a namespace, the table
 * sorted by namespace. Throws InvalidFieldError for a namespace that is not a uint32 and BoundExceededError
 * naming the bound the set breaks (`maxTxBytes`, `maxBlockTxs`, `maxBlockBytes`).
 */
export function buildBlockPayload(txs: readonly Transaction[], bounds: BlockBounds): BlockPayload {
  assertWithinBound(bounds, 'maxBlockTxs', txs.length);
  const byNamespace = new Map<number, Uint8Array[]>();
  for (const tx of txs) {
    checkTransaction(tx, bounds);
    const list = byNamespace.get(tx.namespace);
    if (list) list.push(tx.payload);
    else byNamespace.set(tx.namespace, [tx.payload]);
  }
  const namespaces = [...byNamespace.keys()].sort((a, b) => a - b);
  const namespacePayloads = namespaces.map((namespace) => encodeNamespacePayload(byNamespace.get(namespace)!));
  const size = namespacePayloads.reduce((sum, bytes) => sum + bytes.length, 0);
  assertWithinBound(bounds, 'maxBlockBytes', size);
  const namespaceTable: NamespaceEntry[] = namespaces.map((namespace, i) => ({
    namespace,
    txCount: byNamespace.get(namespace)!.length,
    payloadHash: keccakBytes(namespacePayloads[i]),
  }));
  const payload = { namespaceTable, namespacePayloads };
  built.set(payload, { bounds, checked: { commitment: payloadCommitment(namespaceTable), size, txCount: txs.length } });
  return payload;
}

/**
 * Checks a block payload from a peer: one payload per table entry, the table strictly sorted by namespace, no
 * empty namespace, every payload hashing to its entry and decoding to the entry's txCount, and the bounds.
 * Cheap checks run before any hashing. Throws only DecodeError subclasses.
 */
export function checkBlockPayload(payload: BlockPayload, bounds: BlockBounds): CheckedBlockPayload {
  const own = built.get(payload);
  if (own && sameBounds(own.bounds, bounds)) return own.checked;
  const { namespaceTable: table, namespacePayloads: payloads } = payload;
  if (table.length !== payloads.length)
    throw new CountMismatchError('namespace payloads', table.length, payloads.length);
  assertNamespaceTable(table);
  let size = 0;
  let txCount = 0;
  for (let i = 0; i < table.length; i++) {
    // An empty entry would give one set of transactions two encodings; the builder never makes one.
    if (table[i].txCount === 0) throw new InvalidFieldError('txCount', 0, 'at least 1 transaction per entry');
    size += payloads[i].length;
    txCount += table[i].txCount;
  }
  assertWithinBound(bounds, 'maxBlockBytes', size);
  assertWithinBound(bounds, 'maxBlockTxs', txCount);
  for (let i = 0; i < table.length; i++) {
    const count = namespacePayloadLengths(payloads[i], bounds).length;
    if (count !== table[i].txCount) throw new CountMismatchError('namespace transaction', table[i].txCount, count);
    const hash = keccakBytes(payloads[i]);
    if (hash !== table[i].payloadHash.toLowerCase()) {
      throw new CommitmentMismatchError(`namespace ${table[i].namespace} payload`, table[i].payloadHash, hash);
    }
  }
  return { commitment: payloadCommitment(table), size, txCount };
}

/**
 * The block's transactions in block order: table order, then position inside the namespace. Each payload is a
 * view into the block's namespace payload, not a copy (a node lists every block's transactions once or twice as
 * it decides it, and copies were most of what it allocated): for use while the block is, and never to mutate.
 */
export function blockTransactions(payload: BlockPayload): Transaction[] {
  const txs: Transaction[] = [];
  payload.namespaceTable.forEach((entry, i) => {
    const bytes = payload.namespacePayloads[i];
    for (const { offset, length } of namespaceTransactionSpans(bytes, UNBOUNDED)) {
      // A plain Uint8Array even over a Node Buffer, so it serializes as bytes.
      txs.push({
        namespace: entry.namespace,
        payload: new Uint8Array(bytes.buffer, bytes.byteOffset + offset, length),
      });
    }
  });
  return txs;
}

function sameBounds(a: BlockBounds, b: BlockBounds): boolean {
  return a.maxTxBytes === b.maxTxBytes && a.maxBlockBytes === b.maxBlockBytes && a.maxBlockTxs === b.maxBlockTxs;
}
