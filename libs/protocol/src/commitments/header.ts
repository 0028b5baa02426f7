import { encodeAbiParameters, keccak256 } from 'viem';
import type { Bytes32, Header, Leaf } from '../model/types';

/** The ABI tuple of a Header, in the field order Solidity's struct declares. */
export const HEADER_ABI = {
  type: 'tuple',
  components: [
    { name: 'chainId', type: 'uint64' },
    { name: 'height', type: 'uint64' },
    { name: 'timestamp', type: 'uint64' },
    { name: 'l1Head', type: 'uint64' },
    { name: 'parentCommitment', type: 'bytes32' },
    { name: 'payloadCommitment', type: 'bytes32' },
    { name: 'payloadSize', type: 'uint32' },
  ],
} as const;

/** `keccak256(abi.encode(header))`: what chains headers and what HotShot.sol stores per height. */
export function headerCommitment(header: Header): Bytes32 {
  return keccak256(
    encodeAbiParameters(
      [HEADER_ABI],
      [
        {
          chainId: header.chainId,
          height: BigInt(header.height),
          timestamp: BigInt(header.timestamp),
          l1Head: BigInt(header.l1Head),
          parentCommitment: header.parentCommitment,
          payloadCommitment: header.payloadCommitment,
          payloadSize: header.payloadSize,
        },
      ],
    ),
  );
}

/** `keccak256(abi.encode(uint64 view, bytes32 headerCommitment, bytes32 parentLeafCommitment))`. */
export function leafCommitment(leaf: Pick<Leaf, 'view' | 'header' | 'parentLeafCommitment'>): Bytes32 {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'uint64' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [BigInt(leaf.view), headerCommitment(leaf.header), leaf.parentLeafCommitment],
    ),
  );
}
