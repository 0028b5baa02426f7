import { encodeAbiParameters, keccak256, type AbiParameterToPrimitiveType } from 'viem';
import type { Bytes32, Header, Leaf } from '../model/types';

/**
 * The ABI tuple of a Header, in the field order Solidity's struct declares: the one definition of the header's
 * ABI shape, used for its commitment here and for calldata in libs/l1.
 */
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

/** A Header as the values of HEADER_ABI: what viem encodes, and what HotShot.sol's `Header` struct takes. */
export type HeaderAbiValue = AbiParameterToPrimitiveType<typeof HEADER_ABI>;

/** A header as the values of HEADER_ABI (the uint64 fields as bigints). */
export function headerToAbi(header: Header): HeaderAbiValue {
  return {
    chainId: header.chainId,
    height: BigInt(header.height),
    timestamp: BigInt(header.timestamp),
    l1Head: BigInt(header.l1Head),
    parentCommitment: header.parentCommitment,
    payloadCommitment: header.payloadCommitment,
    payloadSize: header.payloadSize,
  };
}

/** A header from the values of HEADER_ABI, as calldata and events carry it (the inverse of headerToAbi). */
export function headerFromAbi(value: HeaderAbiValue): Header {
  return {
    chainId: value.chainId,
    height: Number(value.height),
    timestamp: Number(value.timestamp),
    l1Head: Number(value.l1Head),
    parentCommitment: value.parentCommitment,
    payloadCommitment: value.payloadCommitment,
    payloadSize: value.payloadSize,
  };
}

/** `keccak256(abi.encode(header))`: what chains headers and what HotShot.sol stores per height. */
export function headerCommitment(header: Header): Bytes32 {
  return keccak256(encodeAbiParameters([HEADER_ABI], [headerToAbi(header)]));
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
