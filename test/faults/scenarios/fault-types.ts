import type { Prng } from '@hotshot/consensus/testing';
import type { ChainAuditor } from '../support/chain-auditor';
import type { FaultNetwork } from '../support/fault-network';
import type { L1Stack } from '../support/l1-stack';
import type { ManagedProcess } from '../support/managed-process';
import type { HostileMode } from '../hostile/hostile-behavior';

/** Every fault the suite injects. */
export const FAULT_KINDS = [
  'kill9-node',
  'kill9-two-nodes',
  'sigterm-node',
  'kill9-all-nodes',
  'wipe-node',
  'kill9-broker',
  'sigterm-broker',
  'partition-node',
  'partition-two-nodes',
  'stall-node',
  'delay-nodes',
  'byzantine-equivocation',
  'invalid-signatures',
  'replay',
  'frame-fuzz',
  'http-fuzz',
  'stranger-flood',
  'member-flood',
  'oversized-bodies',
  'unsigned-l2',
  'full-disk',
  'kill9-poster',
  'kill9-adaptor',
] as const;

/** One kind of fault. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults that run a hostile peer or hostile input against the network. */
export const HOSTILE_FAULTS: readonly FaultKind[] = [
  'byzantine-equivocation',
  'invalid-signatures',
  'replay',
  'frame-fuzz',
  'http-fuzz',
  'stranger-flood',
  'member-flood',
  'oversized-bodies',
  'unsigned-l2',
];

/** Faults of the L1 side, scheduled only when the run has one (unsigned-l2: with its rollup node). */
export const L1_FAULTS: readonly FaultKind[] = ['kill9-poster', 'kill9-adaptor', 'unsigned-l2'];

/** Faults that need to mount a tmpfs (root), scheduled only where the machine allows it. */
export const TMPFS_FAULTS: readonly FaultKind[] = ['full-disk'];

/** How long and how hard faults are: the Jest run is short, the CLI run long. */
export interface FaultScale {
  /** Range of how long a fault holds, in ms. */
  readonly holdMs: readonly [number, number];
  /** How long a hostile member runs, in ms. */
  readonly hostileHoldMs: number;
  /** Frames per frame-fuzz burst. */
  readonly fuzzFrames: number;
  /** Unauthenticated connections per frame-fuzz burst. */
  readonly fuzzConnections: number;
  /** Requests per HTTP fuzz burst. */
  readonly httpRequests: number;
  /** Time from injection within which a fault that leaves a quorum must see a block decided, in ms. */
  readonly progressWindowMs: number;
  /** Time allowed to recover after a heal before the fault counts as not recovered, in ms. */
  readonly recoveryDeadlineMs: number;
}

/** What the faults need. */
export interface FaultContext {
  readonly net: FaultNetwork;
  readonly rng: Prng;
  readonly scale: FaultScale;
  readonly auditor: ChainAuditor;
  /** The L1 side (anvil, poster, adaptor) when the run has one. */
  readonly l1: L1Stack | undefined;
  /** Starts a hostile member process holding node `keyIndex`'s key. */
  spawnHostile(mode: HostileMode, keyIndex: number): ManagedProcess;
  log(event: string, fields?: Record<string, unknown>): void;
}

/** A fault in place, with what undoes it. */
export interface InjectedFault {
  /** What was hit: `node3`, `nodes 1,4`, `broker`. */
  readonly target: string;
  /** How long to hold it before healing, in ms (0 when injecting it was the whole fault, as for fuzzing). */
  readonly holdMs: number;
  /** Whether the network must keep deciding while the fault holds (a quorum stays honest and connected). */
  readonly progressExpected: boolean;
  /** Undoes the fault: restarts, heals the proxy, stops the hostile process. */
  heal(): Promise<void>;
  /** Besides the network deciding again: what else must hold again after the heal (L1 posting moving on). */
  recovered?(): Promise<boolean>;
  /** Checks after recovery (metrics, logs): facts for the report and violations found. */
  verify?(): Promise<FaultCheck>;
}

/** Facts and violations a fault's own checks found. */
export interface FaultCheck {
  readonly facts: Record<string, unknown>;
  readonly violations: readonly string[];
}

/** Injects one kind of fault. */
export type FaultInjector = (ctx: FaultContext) => Promise<InjectedFault>;

/** One fault as it happened. */
export interface FaultRecord {
  readonly kind: FaultKind;
  readonly target: string;
  readonly startedAtMs: number;
  readonly holdMs: number;
  /** Blocks decided network-wide while the fault held. */
  readonly decidedDuringFault: number;
  /** Time from the heal until every running node decided past the height seen at the heal, in ms. */
  readonly recoveryMs: number | undefined;
  readonly facts: Record<string, unknown>;
  readonly violations: readonly string[];
}
