import { encodeAbiParameters, keccak256, stringToHex, type Hex } from 'viem';
import type { Bytes32 } from '../model/types';

/**
 * Domain tags keep one kind of signature from ever being replayed as another (DESIGN.md section 2).
 * Each is keccak256 of an ASCII name, so Solidity computes the same constant with `keccak256("...")`.
 */
export const DomainTag = {
  quorumVote: keccak256(stringToHex('hotshot.quorum-vote')),
  timeoutVote: keccak256(stringToHex('hotshot.timeout-vote')),
  daVote: keccak256(stringToHex('hotshot.da-vote')),
  proposal: keccak256(stringToHex('hotshot.proposal')),
  finality: keccak256(stringToHex('hotshot.finality')),
  cdnAuth: keccak256(stringToHex('hotshot.cdn-auth')),
} as const;

/** What a node signs when it votes for a leaf in a view. */
export function quorumVoteDigest(chainId: bigint, view: number, leafCommitment: Bytes32): Bytes32 {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'uint64' }, { type: 'bytes32' }],
      [DomainTag.quorumVote, chainId, BigInt(view), leafCommitment],
    ),
  );
}

/** What a node signs when it times out `view` holding a QC for `highQcView`. */
export function timeoutVoteDigest(chainId: bigint, view: number, highQcView: number): Bytes32 {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'uint64' }, { type: 'uint64' }],
      [DomainTag.timeoutVote, chainId, BigInt(view), BigInt(highQcView)],
    ),
  );
}

/** What a DA committee member signs when it holds the payload for `view`. */
export function daVoteDigest(chainId: bigint, view: number, payloadCommitment: Bytes32): Bytes32 {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'uint64' }, { type: 'bytes32' }],
      [DomainTag.daVote, chainId, BigInt(view), payloadCommitment],
    ),
  );
}

/** What a leader signs over its proposal for `view`. */
export function proposalDigest(chainId: bigint, view: number, leafCommitment: Bytes32): Bytes32 {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'uint64' }, { type: 'bytes32' }],
      [DomainTag.proposal, chainId, BigInt(view), leafCommitment],
    ),
  );
}

/** What every node signs on deciding the header at `height`; HotShot.sol recomputes it. */
export function finalityDigest(chainId: bigint, height: number, headerCommitment: Bytes32): Bytes32 {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'uint64' }, { type: 'bytes32' }],
      [DomainTag.finality, chainId, BigInt(height), headerCommitment],
    ),
  );
}

/**
 * What a node signs to authenticate to the CDN. The chain id is not known before `Welcome`, so it is
 * bound as 0; the node's public key is bound so the signature cannot be replayed for another key.
 */
export function cdnAuthDigest(publicKey: Hex, timestampMs: number): Bytes32 {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'uint64' }, { type: 'bytes' }],
      [DomainTag.cdnAuth, 0n, BigInt(timestampMs), publicKey],
    ),
  );
}
