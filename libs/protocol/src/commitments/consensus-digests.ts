import { encodeAbiParameters, keccak256, stringToHex } from 'viem';
import type { Bytes32 } from '../model/types';

/**
 * Domain tags of the two signed messages DESIGN.md section 2 leaves to consensus (same construction as DomainTag).
 * They live here, beside the other digests, because two parties compute them: the consensus core, and a signer
 * (libs/signer) that recomputes every digest it is asked to sign.
 */
export const ConsensusDomainTag = {
  daProposal: keccak256(stringToHex('hotshot.da-proposal')),
  certificateForward: keccak256(stringToHex('hotshot.certificate-forward')),
} as const;

/** What leader(view) signs over the payload it sends the DA committee. */
export function daProposalDigest(chainId: bigint, view: number, payloadCommitment: Bytes32): Bytes32 {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'uint64' }, { type: 'bytes32' }],
      [ConsensusDomainTag.daProposal, chainId, BigInt(view), payloadCommitment],
    ),
  );
}

/**
 * What a node signs when it forwards certificates: its highQc (view, leaf) and the timeout certificate's view,
 * 0 when it forwards none (no view 0 timeout certificate exists).
 */
export function certificateForwardDigest(
  chainId: bigint,
  highQcView: number,
  highQcLeaf: Bytes32,
  timeoutView: number,
): Bytes32 {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'uint64' }, { type: 'bytes32' }, { type: 'uint64' }],
      [ConsensusDomainTag.certificateForward, chainId, BigInt(highQcView), highQcLeaf, BigInt(timeoutView)],
    ),
  );
}
