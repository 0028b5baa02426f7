import { bytesToHex } from 'viem';
import {
  UNBOUNDED,
  blockTransactions,
  decodeNamespacePayload,
  namespaceProof,
  transactionHash,
  type BlockPayload,
  type Bytes32,
  type Certificate,
  type Header,
  type Leaf,
  type NamespaceEntry,
  type QuorumCertificate,
  type Transaction,
} from '@hotshot/protocol';
import type {
  BlockJson,
  BlockSummaryJson,
  BlockTransactionJson,
  CertificateJson,
  HeaderJson,
  LeafJson,
  NamespaceEntryJson,
  NamespaceProofJson,
  PayloadJson,
  QuorumCertificateJson,
  TransactionJson,
  TransactionsAtHeightJson,
} from '../schemas/availability.schema';

/** A decided block as the node stores it (the store's DecidedBlock has this shape). */
export interface DecidedBlockView {
  readonly leaf: Leaf;
  readonly leafCommitment: Bytes32;
  readonly headerCommitment: Bytes32;
  /** Undefined while the node only has the header. */
  readonly payload?: BlockPayload;
  readonly decidingQc?: QuorumCertificate;
}

/** Where a transaction was decided (the store's TransactionLocation has this shape). */
export interface TransactionLocationView {
  readonly hash: Bytes32;
  readonly height: number;
  /** Position in block order. */
  readonly index: number;
  readonly transaction: Transaction;
}

/** JSON forms of the data model: commitments and signatures as 0x hex, payloads as base64, uint64s as numbers. */
export function headerJson(header: Header): HeaderJson {
  return {
    chainId: header.chainId.toString(),
    height: header.height,
    timestamp: header.timestamp,
    l1Head: header.l1Head,
    parentCommitment: header.parentCommitment,
    payloadCommitment: header.payloadCommitment,
    payloadSize: header.payloadSize,
  };
}

/** A signer bitmap and aggregate signature as hex. */
export function certificateJson(certificate: Certificate): CertificateJson {
  return { signers: bytesToHex(certificate.signers), signature: bytesToHex(certificate.signature) };
}

/** A quorum certificate. */
export function qcJson(qc: QuorumCertificate): QuorumCertificateJson {
  return { view: qc.view, leafCommitment: qc.leafCommitment, certificate: certificateJson(qc.certificate) };
}

/** A decided leaf with its commitments and, when known, the certificate that decided it. */
export function leafJson(block: DecidedBlockView): LeafJson {
  const leaf: Leaf = block.leaf;
  return {
    height: leaf.header.height,
    view: leaf.view,
    leafCommitment: block.leafCommitment,
    headerCommitment: block.headerCommitment,
    header: headerJson(leaf.header),
    parentLeafCommitment: leaf.parentLeafCommitment,
    justifyQc: qcJson(leaf.justifyQc),
    ...(block.decidingQc && { decidingQc: qcJson(block.decidingQc) }),
  };
}

/** A decided block with its namespace table and transactions; `available: false` while the payload is missing. */
export function blockJson(block: DecidedBlockView): BlockJson {
  const payload = block.payload;
  return {
    height: block.leaf.header.height,
    hash: block.headerCommitment,
    header: headerJson(block.leaf.header),
    available: payload !== undefined,
    namespaceTable: payload ? namespaceTableJson(payload.namespaceTable) : null,
    transactions: payload ? blockTransactions(payload).map(blockTransactionJson) : null,
  };
}

/** A block without its transactions: header, size and, once the payload is here, its namespace table. */
export function blockSummaryJson(block: DecidedBlockView): BlockSummaryJson {
  const table = block.payload?.namespaceTable;
  return {
    height: block.leaf.header.height,
    hash: block.headerCommitment,
    header: headerJson(block.leaf.header),
    size: block.leaf.header.payloadSize,
    available: table !== undefined,
    numTransactions: table ? table.reduce((sum, entry) => sum + entry.txCount, 0) : null,
    namespaceTable: table ? namespaceTableJson(table) : null,
  };
}

/** A block's payload as it is committed: the namespace table and each namespace's payload, in table order. */
export function payloadJson(block: DecidedBlockView, payload: BlockPayload): PayloadJson {
  return {
    height: block.leaf.header.height,
    blockHash: block.headerCommitment,
    hash: block.leaf.header.payloadCommitment,
    size: block.leaf.header.payloadSize,
    namespaceTable: namespaceTableJson(payload.namespaceTable),
    namespacePayloads: payload.namespacePayloads.map(base64),
  };
}

/**
 * The transactions decided at one height, with their positions in block order; with `namespace`, only that
 * namespace's. `transactions` is null while this node has the header but not the payload.
 */
export function transactionsAtHeightJson(block: DecidedBlockView, namespace?: number): TransactionsAtHeightJson {
  const height = block.leaf.header.height;
  const base = { height, blockHash: block.headerCommitment, ...(namespace !== undefined && { namespace }) };
  const payload = block.payload;
  if (!payload) return { ...base, available: false, transactions: null };
  const transactions = blockTransactions(payload).flatMap((transaction, index) =>
    namespace === undefined || transaction.namespace === namespace
      ? [transactionJson({ hash: transactionHash(transaction), height, index, transaction })]
      : [],
  );
  return { ...base, available: true, transactions };
}

/** A transaction with where it was decided. */
export function transactionJson(location: TransactionLocationView): TransactionJson {
  return {
    hash: location.hash,
    height: location.height,
    index: location.index,
    namespace: location.transaction.namespace,
    payload: base64(location.transaction.payload),
  };
}

/**
 * One namespace of a block with the proof of its transactions, or of their absence (see NamespaceProofJson).
 * `namespace` must be a uint32 (the caller has parsed it).
 */
export function namespaceJson(block: DecidedBlockView, namespace: number): NamespaceProofJson {
  const base = {
    height: block.leaf.header.height,
    namespace,
    headerCommitment: block.headerCommitment,
    header: headerJson(block.leaf.header),
  };
  const payload: BlockPayload | undefined = block.payload;
  if (!payload) {
    return { ...base, available: false, namespaceTable: null, index: null, namespacePayload: null, transactions: null };
  }
  const proof = namespaceProof(payload, namespace);
  const transactions = proof.namespacePayload
    ? decodeNamespacePayload(proof.namespacePayload, UNBOUNDED).map((bytes) => ({ namespace, payload: bytes }))
    : [];
  return {
    ...base,
    available: true,
    namespaceTable: namespaceTableJson(proof.namespaceTable),
    index: proof.index ?? null,
    namespacePayload: proof.namespacePayload ? base64(proof.namespacePayload) : null,
    transactions: transactions.map(blockTransactionJson),
  };
}

function namespaceTableJson(table: readonly NamespaceEntry[]): NamespaceEntryJson[] {
  return table.map((entry) => ({ namespace: entry.namespace, txCount: entry.txCount, payloadHash: entry.payloadHash }));
}

function blockTransactionJson(tx: Transaction): BlockTransactionJson {
  return { hash: transactionHash(tx), namespace: tx.namespace, payload: base64(tx.payload) };
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
