import { encodeAbiParameters, keccak256, zeroHash, type Hex } from 'viem';
import { headerFromAbi, type Header } from '@hotshot/protocol';
import type { HeaderArg } from './contract-args';

/** ZkEvmRollup's accumulated input hash before its first height: the mapping's empty slot. */
export const GENESIS_ACC_INPUT_HASH: Hex = zeroHash;

/** keccak256 of the empty namespace payload (a uint32 count of zero): what the rollup folds in for an absent namespace. */
export const EMPTY_NAMESPACE_PAYLOAD_HASH: Hex = keccak256('0x00000000');

/** A header from the contracts' calldata form (the inverse of toHeaderArg): libs/protocol's headerFromAbi. */
export const headerFromArg: (arg: HeaderArg) => Header = headerFromAbi;

/**
 * The rollup's accumulated input hash after one more height, as ZkEvmRollup._accumulate computes it: equal
 * accumulators mean the same headers and the same namespace data at every height, in the same order.
 */
export function accumulateInput(acc: Hex, height: number, headerCommitment: Hex, payloadHash: Hex): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [acc, BigInt(height), headerCommitment, payloadHash],
    ),
  );
}

/** The payload hash the rollup folds in for `namespace`: its table entry's, or the empty namespace payload's. */
export function namespacePayloadHash(
  table: readonly { readonly namespace: number; readonly payloadHash: Hex }[],
  namespace: number,
): Hex {
  return table.find((row) => row.namespace === namespace)?.payloadHash ?? EMPTY_NAMESPACE_PAYLOAD_HASH;
}
