import type { ConsensusConfig, StakeTable } from '@hotshot/protocol';
import type { ConsensusOptions } from '../core/context';
import type { ConsensusCrypto } from '../crypto/consensus-crypto';

/** The Byzantine behaviors the simulator can give a node. */
export type ByzantineBehavior =
  /** As leader, sends one proposal to half the nodes and a conflicting one to the rest. */
  | 'equivocating-leader'
  /** Sends a second, conflicting vote (and timeout) next to each genuine one. */
  | 'double-voter'
  /** Sends every message with a garbage signature, some in other members' names. */
  | 'invalid-signatures'
  /** As leader, never sends its proposal (it still votes and times out). */
  | 'withholding-leader'
  /** As leader after a timeout, proposes on the oldest certified leaf the timeout certificate allows. */
  | 'forking-leader';

/** What a node is: honest, crashed for good at some time, or Byzantine. */
export type NodeRole =
  | { readonly kind: 'honest' }
  | { readonly kind: 'crashed'; readonly atMs: number }
  | { readonly kind: 'byzantine'; readonly behavior: ByzantineBehavior };

/** How messages travel before GST (after it: no drops, no duplicates, no partitions, delay ≤ postGstMaxDelayMs). */
export interface NetworkModel {
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly dropRate: number;
  readonly duplicateRate: number;
  readonly postGstMaxDelayMs: number;
}

/** Between `fromMs` and `untilMs`, nodes in different groups cannot reach each other. */
export interface Partition {
  readonly fromMs: number;
  readonly untilMs: number;
  readonly groups: readonly (readonly number[])[];
}

/** An honest node crashes at `crashAtMs` (optionally in the middle of carrying out a step) and restarts. */
export interface CrashRestart {
  readonly node: number;
  readonly crashAtMs: number;
  readonly restartAtMs: number;
  /** Crash after only part of the next step's effects were carried out (tests persist-before-send). */
  readonly midStep: boolean;
}

/** One simulated run; a pure function of this value. */
export interface SimulationConfig {
  /** Seeds the network, the faults' randomness and the payloads. */
  readonly seed: number;
  readonly stakes: readonly bigint[];
  readonly consensus: ConsensusConfig;
  readonly options?: Partial<ConsensusOptions>;
  readonly roles: readonly NodeRole[];
  readonly network: NetworkModel;
  readonly partitions: readonly Partition[];
  readonly restarts: readonly CrashRestart[];
  /** Global stabilization time: from here the network is synchronous and whole. */
  readonly gstMs: number;
  /** Simulated time to run. */
  readonly durationMs: number;
  /** Each node's clock offset, in ms. */
  readonly clockSkewMs: readonly number[];
  /** When set, every live honest node must have decided this many heights beyond the best at GST by the end. */
  readonly minHeightsAfterGst?: number;
  /** The stake table the cores see (with cryptoFor); by default the fake key ring's, over `stakes`. */
  readonly stakeTable?: StakeTable;
  /** The crypto of member i; the fast fake by default. */
  readonly cryptoFor?: (index: number) => ConsensusCrypto;
  /** Send every message through the wire codec (exercises it, and counts bytes). */
  readonly wire?: boolean;
  /** Stop after this many events (a guard against runaway runs). */
  readonly maxEvents?: number;
  /** Restart nodes with an empty disk: a deliberately broken node, to prove the invariants catch it. */
  readonly restartWithoutDisk?: boolean;
  /** Receives one line per event and effect, for debugging a failing seed. */
  readonly trace?: (line: string) => void;
  /** Stop as soon as every honest node decided this height (benchmarks). */
  readonly stopAtHeight?: number;
  /** Nodes that start late, by index: the time they first start, empty (joining a running network). */
  readonly lateStarts?: Readonly<Record<number, number>>;
}

/** A broken invariant, with enough context to debug it from the seed. */
export interface Violation {
  readonly invariant:
    | 'safety'
    | 'chain'
    | 'decide-proof'
    | 'persist-before-send'
    | 'honest-equivocation'
    | 'last-actioned-view'
    | 'decided-before-persist'
    | 'false-accusation'
    | 'liveness'
    | 'crash';
  readonly atMs: number;
  readonly node: number;
  readonly message: string;
}

/** What a run measured. */
export interface SimulationStats {
  readonly events: number;
  readonly messages: number;
  /** Encoded bytes of all messages (only with `wire`). */
  readonly bytes: number;
  /** The highest view any honest node reached. */
  readonly maxView: number;
  /** The lowest and highest decided height among live honest nodes at the end. */
  readonly minHeight: number;
  readonly maxHeight: number;
  /** Mean, over honest decides, of the deciding node's view minus the decided leaf's view. */
  readonly meanDecideLatencyViews: number;
  /** Warm starts honest nodes made (decided chains that jumped over a gap). */
  readonly warmStarts: number;
  /** By node: the lowest decided height on its disk at the end (0 unless it warm-started). */
  readonly storedFrom: readonly number[];
  /** Rejected messages by reason, as reported by honest nodes. */
  readonly rejected: Readonly<Record<string, number>>;
  readonly simulatedMs: number;
}

/** The outcome of one run. */
export interface SimulationResult {
  readonly seed: number;
  readonly ok: boolean;
  readonly violations: readonly Violation[];
  readonly stats: SimulationStats;
}
