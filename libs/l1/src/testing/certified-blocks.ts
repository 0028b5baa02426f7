import {
  UNBOUNDED,
  buildBlockPayload,
  finalityDigest,
  headerCommitment,
  payloadCommitment,
  type BlockPayload,
  type Bytes32,
  type FinalityCertificate,
  type Header,
  type StakeTable,
  type Transaction,
} from '@hotshot/protocol';
import { aggregateSignatures, demoKeyPair, signDigest, signersToBitmap, type BlsKeyPair } from '@hotshot/crypto';

/** Demo keys and the stake table they make: every member with `stake`. */
export function demoMembers(seed: string, size: number, stake = 1n): { keys: BlsKeyPair[]; stakeTable: StakeTable } {
  const keys = Array.from({ length: size }, (_, i) => demoKeyPair(seed, i));
  return { keys, stakeTable: keys.map((key) => ({ publicKey: key.publicKey, stake })) };
}

/** Blocks continuing `parent`, one per entry of `transactionsPerBlock`, with their payloads. */
export function buildBlocks(
  chainId: bigint,
  parent: { readonly height: number; readonly commitment: Bytes32 },
  transactionsPerBlock: readonly (readonly Transaction[])[],
): { headers: Header[]; payloads: BlockPayload[] } {
  const headers: Header[] = [];
  const payloads: BlockPayload[] = [];
  let previous = parent;
  for (const transactions of transactionsPerBlock) {
    const payload = buildBlockPayload(transactions, UNBOUNDED);
    const height = previous.height + 1;
    const header: Header = {
      chainId,
      height,
      timestamp: 1_700_000_000_000 + height * 1000,
      l1Head: height,
      parentCommitment: previous.commitment,
      payloadCommitment: payloadCommitment(payload.namespaceTable),
      payloadSize: payload.namespacePayloads.reduce((sum, bytes) => sum + bytes.length, 0),
    };
    headers.push(header);
    payloads.push(payload);
    previous = { height, commitment: headerCommitment(header) };
  }
  return { headers, payloads };
}

/** The finality certificate of `header` signed by the members at `signers` (indices into `keys`). */
export function certifyHeader(
  header: Header,
  keys: readonly BlsKeyPair[],
  signers: readonly number[],
): FinalityCertificate {
  const commitment = headerCommitment(header);
  const digest = finalityDigest(header.chainId, header.height, commitment);
  const signatures = signers.map((index) => signDigest(keys[index].secretKey, digest));
  return {
    height: header.height,
    headerCommitment: commitment,
    certificate: { signers: signersToBitmap(signers, keys.length), signature: aggregateSignatures(signatures) },
  };
}
