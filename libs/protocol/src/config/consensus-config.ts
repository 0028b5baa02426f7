/**
 * The network-wide consensus parameters the CDN broker hands every node in `Welcome`.
 * Every node of one network must run with the same values.
 */
export interface ConsensusConfig {
  /** Chain id mixed into every signed digest, so signatures never replay across networks. */
  readonly chainId: bigint;
  /** How long a node waits for a proposal before it times out a view, in milliseconds. */
  readonly viewTimeoutMs: number;
  /** Factor by which the view timeout grows after each consecutive failed view (>= 1). */
  readonly timeoutRatio: number;
  /** Size of the data-availability committee; 0 means every node. */
  readonly daCommitteeSize: number;
  /** Largest transaction payload accepted, in bytes. */
  readonly maxTxBytes: number;
  /** Largest block payload (sum of namespace payloads), in bytes. */
  readonly maxBlockBytes: number;
  /** Most transactions in one block. */
  readonly maxBlockTxs: number;
  /** Delay between the network starting (all nodes joined) and view 1, in milliseconds. */
  readonly startDelayMs: number;
}

/** Defaults tuned for a small network on one machine; every field has a cdn-server flag. */
export const DEFAULT_CONSENSUS_CONFIG: ConsensusConfig = {
  chainId: 35353n,
  viewTimeoutMs: 2000,
  timeoutRatio: 1.5,
  daCommitteeSize: 0,
  maxTxBytes: 1024 * 1024,
  maxBlockBytes: 4 * 1024 * 1024,
  maxBlockTxs: 10_000,
  startDelayMs: 1000,
};
