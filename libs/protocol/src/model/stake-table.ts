/** One member of the stake table: its BLS public key (48 bytes, compressed G1) and its stake. */
export interface StakeTableEntry {
  readonly publicKey: Uint8Array;
  readonly stake: bigint;
}

/** The network's members in index order; a certificate's signer bitmap is over this order. */
export type StakeTable = readonly StakeTableEntry[];

/** Sum of all stake. */
export function totalStake(table: StakeTable): bigint {
  return table.reduce((sum, entry) => sum + entry.stake, 0n);
}

/** Stake needed for a quorum certificate: floor(2S/3) + 1. */
export function quorumThreshold(total: bigint): bigint {
  return (2n * total) / 3n + 1n;
}

/** Stake that contains at least one honest member when at most a third is faulty: floor(S/3) + 1. */
export function oneHonestThreshold(total: bigint): bigint {
  return total / 3n + 1n;
}
