import { totalStake, type StakeTable } from '@hotshot/protocol';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex } from 'viem';
import { InvalidStakeTableError, UnknownSignerError } from '../errors';
import { decodePublicKey, type G1Point } from '../bls/points';

/**
 * A stake table with every public key decoded once (the subgroup check costs about a millisecond per key), so
 * aggregating signers' keys is only point additions. Build one per stake table and keep it.
 */
export class StakeTableKeys {
  /** The stake table it was built from, in index order. */
  readonly table: StakeTable;
  /** Members in the table. */
  readonly size: number;
  /** Sum of every member's stake. */
  readonly totalStake: bigint;
  private readonly points: readonly G1Point[];

  /** Throws InvalidStakeTableError for a key that does not decode, a key listed twice, or a negative stake. */
  constructor(table: StakeTable) {
    const seen = new Map<string, number>();
    this.points = table.map((entry, index) => {
      if (typeof entry.stake !== 'bigint' || entry.stake < 0n) {
        throw new InvalidStakeTableError(index, 'stake must be a non-negative bigint');
      }
      let point: G1Point;
      try {
        point = decodePublicKey(entry.publicKey);
      } catch (cause) {
        throw new InvalidStakeTableError(index, 'public key does not decode', cause);
      }
      // One key twice would let one secret key sign with two members' stake.
      const hex = bytesToHex(entry.publicKey);
      const first = seen.get(hex);
      if (first !== undefined) throw new InvalidStakeTableError(index, `public key repeats entry ${first}`);
      seen.set(hex, index);
      return point;
    });
    this.table = table;
    this.size = table.length;
    this.totalStake = totalStake(table);
  }

  /** The decoded public key of member `index`. */
  publicKey(index: number): G1Point {
    this.assertMember(index);
    return this.points[index];
  }

  /** The stake of member `index`. */
  stake(index: number): bigint {
    this.assertMember(index);
    return this.table[index].stake;
  }

  /** Sum of the stake of `indices` (assumed distinct members). */
  stakeOf(indices: readonly number[]): bigint {
    let sum = 0n;
    for (const index of indices) sum += this.stake(index);
    return sum;
  }

  /** Sum of the public keys of `indices` (the point at infinity for none). */
  aggregate(indices: readonly number[]): G1Point {
    let sum = bls12_381.G1.Point.ZERO;
    for (const index of indices) sum = sum.add(this.publicKey(index));
    return sum;
  }

  /** Throws UnknownSignerError unless `index` names a member. */
  assertMember(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new UnknownSignerError(index, this.size);
  }
}
