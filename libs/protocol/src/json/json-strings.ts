import { Type, type StringOptions } from '@sinclair/typebox';
import type { Address } from 'viem';

/**
 * A non-negative integer as a decimal string, at most 78 digits (a uint256), so that a hand-edited file cannot make a
 * huge BigInt: chain ids, stakes, L1 block numbers.
 */
export const DecimalStringJson = (options: StringOptions = {}) =>
  Type.String({ pattern: '^[0-9]+$', maxLength: 78, ...options });

/** A 20-byte L1 address as hex, in any case. */
export const AddressJson = Type.Unsafe<Address>(Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' }));
