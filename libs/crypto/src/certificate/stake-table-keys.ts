import { totalStake, type StakeTable } from '@hotshot/protocol';
import { bytesToHex } from 'viem';
import type { BlsBackend, PublicKeyPoint } from '../bls/backend';
import { blsBackend } from '../bls/select-backend';
import { InvalidStakeTableError, UnknownSignerError } from '../errors';

/** How many signer sets' aggregate keys to keep: certificates of consecutive views mostly repeat a signer set. */
const AGGREGATE_CACHE_SIZE = 64;

/**
 * A stake table with every public key decoded once by one BLS backend (decoding and the subgroup check are what
 * make aggregation slow), and the aggregate keys of recent signer sets. Build one per stake table and keep it.
 */
export class StakeTableKeys {
  /** The stake table it was built from, in index order. */
  readonly table: StakeTable;
  /** Members in the table. */
  readonly size: number;
  /** Sum of every member's stake. */
  readonly totalStake: bigint;
  /** The backend that decoded the keys; certificates over this table are checked with it. */
  readonly backend: BlsBackend;
  private readonly points: readonly PublicKeyPoint[];
  private readonly aggregates = new Map<string, PublicKeyPoint>();

  /** Throws InvalidStakeTableError for a key that does not decode, a key listed twice, or a negative stake. */
  constructor(table: StakeTable, backend: BlsBackend = blsBackend()) {
    this.backend = backend;
    const seen = new Map<string, number>();
    this.points = table.map((entry, index) => {
      if (typeof entry.stake !== 'bigint' || entry.stake < 0n) {
        throw new InvalidStakeTableError(index, 'stake must be a non-negative bigint');
      }
      let point: PublicKeyPoint;
      try {
        point = backend.decodePublicKey(entry.publicKey);
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
  publicKey(index: number): PublicKeyPoint {
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

  /** Sum of the public keys of `indices` (distinct members, at least one), remembered for recent signer sets. */
  aggregate(indices: readonly number[]): PublicKeyPoint {
    if (indices.length === 1) return this.publicKey(indices[0]);
    const id = indices.join(',');
    const cached = this.aggregates.get(id);
    if (cached) return cached;
    const sum = this.backend.aggregatePublicKeys(indices.map((index) => this.publicKey(index)));
    this.aggregates.set(id, sum);
    if (this.aggregates.size > AGGREGATE_CACHE_SIZE) this.aggregates.delete(this.aggregates.keys().next().value!);
    return sum;
  }

  /** Throws UnknownSignerError unless `index` names a member. */
  assertMember(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new UnknownSignerError(index, this.size);
  }
}
