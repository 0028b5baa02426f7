import type { Bytes32 } from '@hotshot/protocol';
import { createConsensusContext, type ConsensusContext } from '../core/context';
import { initialState } from '../core/state';
import type { DecidedLeaf } from '../types/effects';
import type { ConsensusState, DecideProof, PersistedConsensusState, StoredLeaf } from '../types/state';
import type { ByzantineMemory } from './byzantine';
import { FakeKeyRing } from './fake-crypto';
import type { NodeRole, SimulationConfig } from './sim-types';

/** Wall-clock origin of simulated time (ms), so block timestamps look like real ones. */
export const SIM_EPOCH_MS = 1_700_000_000_000;

/** A node's disk: what survives a crash. */
export interface SimDisk {
  persisted?: PersistedConsensusState;
  /**
   * Decided leaves by height (genesis at 0) and by commitment, as the availability store keeps them: contiguous
   * up to `tip`, from the start or from where a warm start jumped.
   */
  readonly decided: Map<number, DecidedLeaf>;
  readonly byCommitment: Map<Bytes32, DecidedLeaf>;
  tip: number;
}

/** A catch-up answer: leaves highest first, and the server's decide proof when it covers one of them. */
export interface ServedLeaves {
  readonly leaves: StoredLeaf[];
  readonly decideProof?: DecideProof;
}

/** One simulated node: its core's state, its disk, and the shell's bookkeeping (timer, liveness). */
export class SimNode {
  readonly ctx: ConsensusContext;
  state: ConsensusState;
  up = false;
  /** Bumped by every crash: events scheduled before it (builds, fetches) are dropped. */
  epoch = 0;
  /** Bumped by every ScheduleTimeout and crash: only the latest timer fires. */
  timerToken = 0;
  /** When set, the next step carries out only this many effects, then the node crashes. */
  crashAfterEffects: number | undefined;
  readonly disk: SimDisk = { decided: new Map(), byCommitment: new Map(), tip: 0 };
  /** Warm starts this node made. */
  jumps = 0;
  /** What a Byzantine node remembers of what it received. */
  readonly memory: ByzantineMemory = { timeouts: new Map() };

  constructor(
    readonly index: number,
    readonly role: NodeRole,
    readonly skewMs: number,
    config: SimulationConfig,
    ring: FakeKeyRing,
  ) {
    this.ctx = createConsensusContext({
      config: config.consensus,
      stakeTable: config.stakeTable ?? ring.stakeTable,
      self: index,
      crypto: config.cryptoFor ? config.cryptoFor(index) : ring.cryptoFor(index),
      options: config.options,
    });
    this.state = initialState(this.ctx);
    const genesis = { leaf: this.ctx.genesis.leaf, commitment: this.ctx.genesis.commitment };
    this.disk.decided.set(0, genesis);
    this.disk.byCommitment.set(genesis.commitment, genesis);
  }

  /** Honest nodes are the ones whose behavior the invariants judge (a crashed-for-good node is honest until then). */
  get honest(): boolean {
    return this.role.kind !== 'byzantine';
  }

  /** The durable state on disk. */
  get persisted(): PersistedConsensusState | undefined {
    return this.disk.persisted;
  }

  /** The node's local clock at simulated time `now`. */
  clock(now: number): number {
    return SIM_EPOCH_MS + now + this.skewMs;
  }

  /** The decided height on disk. */
  get decidedHeight(): number {
    return this.disk.tip;
  }

  crash(): void {
    this.up = false;
    this.epoch++;
    this.timerToken++;
    this.crashAfterEffects = undefined;
    this.state = initialState(this.ctx);
  }

  /**
   * Stores decided leaves as the availability store would: by height, replays skipped; a warm start's leaves
   * (`jumpedFrom` set) above a gap replace everything stored, so heights stay contiguous.
   */
  storeDecided(leaves: readonly DecidedLeaf[], jumpedFrom?: number): void {
    const disk = this.disk;
    const first = leaves[0]?.leaf.header.height;
    if (jumpedFrom !== undefined && first !== undefined && first > disk.tip + 1) {
      disk.decided.clear();
      disk.byCommitment.clear();
      disk.tip = first - 1;
      this.jumps++;
    }
    for (const decided of leaves) {
      if (decided.leaf.header.height <= disk.tip) continue;
      disk.decided.set(decided.leaf.header.height, decided);
      disk.byCommitment.set(decided.commitment, decided);
      disk.tip = decided.leaf.header.height;
    }
  }

  /**
   * The leaf `commitment` and its ancestors down to `fromHeight`, from memory and disk (serving catch-up), with
   * this node's decide proof when its last decided leaf is among them.
   */
  serveLeaves(commitment: Bytes32, fromHeight: number, limit: number): ServedLeaves {
    const leaves: StoredLeaf[] = [];
    let cursor: Bytes32 = commitment;
    let coversDecided = false;
    while (leaves.length < limit) {
      const found = this.state.leaves.get(cursor) ?? this.disk.byCommitment.get(cursor);
      if (!found || found.leaf.header.height < fromHeight) break;
      leaves.push({ leaf: found.leaf, ...(found.payload ? { payload: found.payload } : {}) });
      coversDecided ||= cursor === this.state.lastDecided.commitment;
      cursor = found.leaf.parentLeafCommitment;
    }
    const proof = this.state.decideProof;
    return coversDecided && proof ? { leaves, decideProof: proof } : { leaves };
  }
}
