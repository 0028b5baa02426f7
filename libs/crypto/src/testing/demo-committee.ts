import type { StakeTable } from '@hotshot/protocol';
import { demoKeyPair, type BlsKeyPair } from '../bls/bls';

/** Deterministic key pairs and a stake table over them, for tests and benchmarks (never for a real network). */
export interface DemoCommittee {
  readonly keyPairs: readonly BlsKeyPair[];
  readonly table: StakeTable;
}

const cache = new Map<string, DemoCommittee>();

/** `size` demo members of `seed`, member i holding `stakeOf(i)` (1 by default); built once per arguments. */
export function demoCommittee(
  seed: string,
  size: number,
  stakeOf: (index: number) => bigint = () => 1n,
): DemoCommittee {
  const id = `${seed}|${size}|${[...Array(size).keys()].map(stakeOf).join(',')}`;
  let committee = cache.get(id);
  if (!committee) {
    const keyPairs = Array.from({ length: size }, (_, i) => demoKeyPair(seed, i));
    committee = { keyPairs, table: keyPairs.map((k, i) => ({ publicKey: k.publicKey, stake: stakeOf(i) })) };
    cache.set(id, committee);
  }
  return committee;
}
