import { bytesToHex } from 'viem';
import {
  UNBOUNDED,
  blockTransactions,
  decodeNamespacePayload,
  namespaceProof,
  transactionHash,
  type BlockPayload,
  type Certificate,
  type Header,
  type Leaf,
  type NamespaceEntry,
  type QuorumCertificate,
  type Transaction,
} from '@hotshot/protocol';
import type { DecidedBlock, TransactionLocation } from '@hotshot/storage';
import type {
  BlockDto,
  BlockTransactionDto,
  CertificateDto,
  HeaderDto,
  LeafDto,
  NamespaceEntryDto,
  NamespaceProofDto,
  QuorumCertificateDto,
  TransactionDto,
} from './dto/availability.dto';

/** JSON forms of the data model: commitments and signatures as 0x hex, payloads as base64, uint64s as numbers. */
export function headerJson(header: Header): HeaderDto {
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
export function certificateJson(certificate: Certificate): CertificateDto {
  return { signers: bytesToHex(certificate.signers), signature: bytesToHex(certificate.signature) };
}

/** A quorum certificate. */
export function qcJson(qc: QuorumCertificate): QuorumCertificateDto {
  return { view: qc.view, leafCommitment: qc.leafCommitment, certificate: certificateJson(qc.certificate) };
}

/** A decided leaf with its commitments and, when known, the certificate that decided it. */
export function leafJson(block: DecidedBlock): LeafDto {
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
export function blockJson(block: DecidedBlock): BlockDto {
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

/** A transaction with where it was decided. */
export function transactionJson(location: TransactionLocation): TransactionDto {
  return {
    hash: location.hash,
    height: location.height,
    index: location.index,
    namespace: location.transaction.namespace,
    payload: base64(location.transaction.payload),
  };
}

/**
 * One namespace of a block with the proof of its transactions, or of their absence (see NamespaceProofDto).
 * `namespace` must be a uint32 (the caller has parsed it).
 */
export function namespaceJson(block: DecidedBlock, namespace: number): NamespaceProofDto {
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

function namespaceTableJson(table: readonly NamespaceEntry[]): NamespaceEntryDto[] {
  return table.map((entry) => ({ namespace: entry.namespace, txCount: entry.txCount, payloadHash: entry.payloadHash }));
}

function blockTransactionJson(tx: Transaction): BlockTransactionDto {
  return { hash: transactionHash(tx), namespace: tx.namespace, payload: base64(tx.payload) };
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
