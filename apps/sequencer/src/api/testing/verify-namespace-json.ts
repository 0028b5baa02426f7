import {
  headerCommitment,
  verifyNamespaceProof,
  type Bytes32,
  type Header,
  type NamespaceProof,
  type Transaction,
} from '@hotshot/protocol';
import type { HeaderDto, NamespaceProofDto } from '../dto/availability.dto';

/** A header read back from its JSON form, as a client would. */
export function headerFromJson(json: HeaderDto): Header {
  return {
    chainId: BigInt(json.chainId),
    height: json.height,
    timestamp: json.timestamp,
    l1Head: json.l1Head,
    parentCommitment: json.parentCommitment as Bytes32,
    payloadCommitment: json.payloadCommitment as Bytes32,
    payloadSize: json.payloadSize,
  };
}

/**
 * Checks a namespace answer the way a rollup would, from the JSON alone: the header hashes to the claimed
 * commitment, the table and payload verify against the header, and the listed transactions are exactly what the
 * payload decodes to. Returns the verified transactions (tests only).
 */
export function verifyNamespaceJson(json: NamespaceProofDto): Transaction[] {
  const header = headerFromJson(json.header);
  if (headerCommitment(header) !== json.headerCommitment) throw new Error('header does not match its commitment');
  if (!json.namespaceTable) throw new Error('no namespace table: payload unavailable');
  const proof: NamespaceProof = {
    namespaceTable: json.namespaceTable.map((entry) => ({ ...entry, payloadHash: entry.payloadHash as Bytes32 })),
    ...(json.index !== null && { index: json.index }),
    ...(json.namespacePayload !== null && {
      namespacePayload: new Uint8Array(Buffer.from(json.namespacePayload, 'base64')),
    }),
  };
  const verified = verifyNamespaceProof(header, proof, json.namespace);
  const listed = (json.transactions ?? []).map((tx) => Buffer.from(tx.payload, 'base64').toString('hex'));
  const proven = verified.map((tx) => Buffer.from(tx.payload).toString('hex'));
  if (JSON.stringify(listed) !== JSON.stringify(proven)) throw new Error('listed transactions differ from the proof');
  return verified;
}
