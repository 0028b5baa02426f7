import { bytesToHex } from 'viem';
import { BaseError } from '../errors/base-error';
import { PUBLIC_KEY_BYTES } from '../model/bls-sizes';
import type { StakeTable, StakeTableEntry } from '../model/stake-table';

/** A validator as StakeTable.sol lists it among the active ones: its key (compressed G1) and its stake in wei. */
export interface ActiveValidator {
  readonly publicKey: Uint8Array;
  readonly stake: bigint;
}

/** What every node applies to the L1's active validators to get the network's stake table. */
export interface StakeTableRules {
  /** Least stake (wei) a validator needs to be in the table; at least 1. */
  readonly minStake: bigint;
  /** Most members the table holds: the largest stakes, ties broken by key; a positive integer. */
  readonly maxSize: number;
}

/** Default cap on the network's size: a certificate's bitmap and the Welcome frame grow with it. */
export const DEFAULT_STAKE_TABLE_MAX_SIZE = 100;

/** The active validators cannot make a stake table: a key twice, a malformed key or stake, or no one qualifies. */
export class InvalidActiveValidatorsError extends BaseError {
  override name = 'InvalidActiveValidatorsError';
  constructor(
    readonly reason: 'duplicate-key' | 'bad-key-length' | 'bad-stake' | 'none-qualifies',
    details: Record<string, unknown>,
  ) {
    super(`the active validators do not make a stake table: ${reason}`, { details });
  }
}

/** The rules themselves are unusable (a cap below 1, a minimum stake below 1). */
export class InvalidStakeTableRulesError extends BaseError {
  override name = 'InvalidStakeTableRulesError';
  constructor(field: keyof StakeTableRules, value: unknown) {
    super(`invalid stake table rule ${field}`, { details: { field, value: String(value) } });
  }
}

/**
 * The network's stake table from StakeTable.sol's active validators (DESIGN.md 7), the same on every node that
 * reads the same L1 block whatever order the contract listed them in: validators below `minStake` are left out,
 * the rest are ordered by stake, largest first, then by public key bytes (unsigned, lexicographic), and the first
 * `maxSize` are kept. Largest stake first makes the cap a prefix and puts the largest stakes on the DA committee
 * (the first `daCommitteeSize` members). Pure; throws InvalidActiveValidatorsError for a key listed twice, a key
 * that is not 48 bytes, a stake below 1, or when no validator qualifies, and InvalidStakeTableRulesError.
 */
export function selectStakeTable(validators: readonly ActiveValidator[], rules: StakeTableRules): StakeTable {
  if (!Number.isSafeInteger(rules.maxSize) || rules.maxSize < 1) {
    throw new InvalidStakeTableRulesError('maxSize', rules.maxSize);
  }
  if (rules.minStake < 1n) throw new InvalidStakeTableRulesError('minStake', rules.minStake);
  const seen = new Set<string>();
  for (const [index, validator] of validators.entries()) {
    if (validator.publicKey.length !== PUBLIC_KEY_BYTES) {
      throw new InvalidActiveValidatorsError('bad-key-length', { index, length: validator.publicKey.length });
    }
    if (validator.stake < 1n) {
      throw new InvalidActiveValidatorsError('bad-stake', { index, stake: validator.stake.toString() });
    }
    const key = bytesToHex(validator.publicKey);
    if (seen.has(key)) throw new InvalidActiveValidatorsError('duplicate-key', { index, publicKey: key });
    seen.add(key);
  }
  const table: StakeTableEntry[] = validators
    .filter((validator) => validator.stake >= rules.minStake)
    .sort(byStakeThenKey)
    .slice(0, rules.maxSize)
    // Copies: the table must not change when the caller reuses its buffers.
    .map((validator) => ({ publicKey: Uint8Array.from(validator.publicKey), stake: validator.stake }));
  if (table.length === 0) {
    throw new InvalidActiveValidatorsError('none-qualifies', {
      active: validators.length,
      minStake: rules.minStake.toString(),
    });
  }
  return table;
}

/** Where two stake tables first differ, for an error that names the field; undefined when they are equal. */
export interface StakeTableDifference {
  readonly field: 'size' | 'publicKey' | 'stake';
  /** The member index of the difference (absent for `size`). */
  readonly index?: number;
  readonly expected: string;
  readonly got: string;
}

/** The first difference of `got` from `expected` (size, then member by member: key, stake), or undefined. */
export function stakeTableDifference(expected: StakeTable, got: StakeTable): StakeTableDifference | undefined {
  if (expected.length !== got.length) {
    return { field: 'size', expected: String(expected.length), got: String(got.length) };
  }
  for (let index = 0; index < expected.length; index++) {
    const want = expected[index]!;
    const have = got[index]!;
    if (compareBytes(want.publicKey, have.publicKey) !== 0) {
      return { field: 'publicKey', index, expected: bytesToHex(want.publicKey), got: bytesToHex(have.publicKey) };
    }
    if (want.stake !== have.stake) {
      return { field: 'stake', index, expected: want.stake.toString(), got: have.stake.toString() };
    }
  }
  return undefined;
}

function byStakeThenKey(a: ActiveValidator, b: ActiveValidator): number {
  if (a.stake !== b.stake) return a.stake > b.stake ? -1 : 1;
  return compareBytes(a.publicKey, b.publicKey);
}

/** Unsigned lexicographic order of two byte strings (a prefix sorts first). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
