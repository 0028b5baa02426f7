import { bytesToHex } from 'viem';
import {
  blockTransactions,
  transactionHash,
  type Certificate,
  type Header,
  type Leaf,
  type QuorumCertificate,
} from '@hotshot/protocol';
import type { DecidedBlock, TransactionLocation } from '@hotshot/storage';

/** JSON forms of the data model: commitments and signatures as 0x hex, payloads as base64, uint64s as numbers. */
export function headerJson(header: Header) {
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

export function certificateJson(certificate: Certificate) {
  return { signers: bytesToHex(certificate.signers), signature: bytesToHex(certificate.signature) };
}

export function qcJson(qc: QuorumCertificate) {
  return { view: qc.view, leafCommitment: qc.leafCommitment, certificate: certificateJson(qc.certificate) };
}

export function leafJson(block: DecidedBlock) {
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

export function blockJson(block: DecidedBlock) {
  const payload = block.payload;
  return {
    height: block.leaf.header.height,
    hash: block.headerCommitment,
    header: headerJson(block.leaf.header),
    available: payload !== undefined,
    namespaceTable: payload?.namespaceTable ?? null,
    transactions: payload
      ? blockTransactions(payload).map((tx) => ({
          hash: transactionHash(tx),
          namespace: tx.namespace,
          payload: Buffer.from(tx.payload).toString('base64'),
        }))
      : null,
  };
}

export function transactionJson(location: TransactionLocation) {
  return {
    hash: location.hash,
    height: location.height,
    index: location.index,
    namespace: location.transaction.namespace,
    payload: Buffer.from(location.transaction.payload).toString('base64'),
  };
}
