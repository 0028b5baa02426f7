import {
  blockBoundsFromConfig,
  genesisLeaf,
  oneHonestThreshold,
  quorumThreshold,
  totalStake,
  type BlockBounds,
  type ConsensusConfig,
  type StakeTable,
} from '@hotshot/protocol';
import type { ConsensusCrypto } from '../crypto/consensus-crypto';
import type { LeafRecord } from '../types/state';
import { InvalidConsensusContextError } from './errors';
import { leaderSchedule } from './leader-schedule';
import { commitLeaf } from './memo';

/** Tuning the protocol leaves to each implementation (defaults: the DEFAULT_* constants below). */
export interface ConsensusOptions {
  /** How far a proposal's timestamp may run ahead of the local clock before a replica refuses to vote, in ms. */
  readonly maxTimestampAheadMs: number;
  /** Ceiling of the view timer as it grows by timeoutRatio after consecutive failures, in ms. */
  readonly maxViewTimeoutMs: number;
  /** How many views ahead of its own a node keeps votes and timeouts for (bounds memory against spam). */
  readonly futureViewWindow: number;
  /**
   * How many heights above its last decided leaf a node fetches to connect a certified leaf to its tree; a leaf
   * further above is adopted through a decide proof instead (warm start, DESIGN.md 6).
   */
  readonly warmStartGap: number;
  /** How many decided leaves, ending at the adopted one, a warm start loads as recent history before voting. */
  readonly warmStartHistory: number;
  /**
   * Who signs this node's messages: `in-step` signs with ctx.crypto inside step; `deferred` leaves signatures empty
   * and puts a SignRequest on the effect that sends the message, for a shell whose signer answers asynchronously
   * (a remote signer). Default in-step.
   */
  readonly signing: SigningMode;
}

/** Whether step signs this node's messages itself or hands the signing to the shell (ConsensusOptions.signing). */
export type SigningMode = 'in-step' | 'deferred';

/** Default clock drift a proposal's timestamp may show, in ms. */
export const DEFAULT_MAX_TIMESTAMP_AHEAD_MS = 5_000;
/** Default ceiling of the view timer, in base view timeouts. */
export const DEFAULT_MAX_VIEW_TIMEOUT_FACTOR = 8;
/** Default number of views ahead for which votes and timeouts are kept. */
export const DEFAULT_FUTURE_VIEW_WINDOW = 64;
/** Default gap, in heights, beyond which a node warm-starts instead of fetching every leaf. */
export const DEFAULT_WARM_START_GAP = 256;
/** Default number of recent decided headers a warm start loads (DESIGN.md 6: "the last 256 by default"). */
export const DEFAULT_WARM_START_HISTORY = 256;

/** Everything step needs besides the state: who this node is, the network's parameters, and its crypto. */
export interface ConsensusContext extends ConsensusOptions {
  readonly config: ConsensusConfig;
  readonly stakeTable: StakeTable;
  /** This node's stake-table index. */
  readonly self: number;
  readonly crypto: ConsensusCrypto;
  /** Members in the stake table. */
  readonly size: number;
  /** Who leads view v: `leaders[v mod leaders.length]` (leaderSchedule: by stake; `v mod n` at equal stakes). */
  readonly leaders: readonly number[];
  readonly totalStake: bigint;
  /** Stake a QC or TC needs: floor(2S/3) + 1. */
  readonly quorum: bigint;
  /** Stake that contains an honest member: floor(S/3) + 1. */
  readonly oneHonest: bigint;
  /** Whether a separate DA round runs (0 < daCommitteeSize < n). */
  readonly separateDa: boolean;
  /** Members 0 .. daCommitteeSize - 1 form the DA committee (every member without a separate round). */
  readonly daCommitteeSize: number;
  /** Stake a DA certificate needs: a quorum of the committee's stake. */
  readonly daQuorum: bigint;
  readonly bounds: BlockBounds;
  /** The genesis leaf of config.chainId with its commitment. */
  readonly genesis: LeafRecord;
}

/** Arguments of createConsensusContext. */
export interface ConsensusContextParams {
  readonly config: ConsensusConfig;
  readonly stakeTable: StakeTable;
  readonly self: number;
  readonly crypto: ConsensusCrypto;
  readonly options?: Partial<ConsensusOptions>;
}

/** Derives thresholds, the DA committee and genesis once; throws InvalidConsensusContextError on a bad setup. */
export function createConsensusContext(params: ConsensusContextParams): ConsensusContext {
  const { config, stakeTable, self, crypto } = params;
  const size = stakeTable.length;
  if (size === 0) throw new InvalidConsensusContextError('the stake table is empty');
  if (!Number.isInteger(self) || self < 0 || self >= size) {
    throw new InvalidConsensusContextError('self is not a stake-table index', { self, size });
  }
  if (!(config.viewTimeoutMs > 0) || !(config.timeoutRatio >= 1)) {
    throw new InvalidConsensusContextError('viewTimeoutMs must be positive and timeoutRatio at least 1', {
      viewTimeoutMs: config.viewTimeoutMs,
      timeoutRatio: config.timeoutRatio,
    });
  }
  const total = totalStake(stakeTable);
  if (total <= 0n) throw new InvalidConsensusContextError('the stake table holds no stake');
  const separateDa = config.daCommitteeSize > 0 && config.daCommitteeSize < size;
  const daCommitteeSize = separateDa ? config.daCommitteeSize : size;
  const daStake = totalStake(stakeTable.slice(0, daCommitteeSize));
  if (daStake <= 0n) throw new InvalidConsensusContextError('the DA committee holds no stake');
  const leaf = genesisLeaf(config.chainId);
  const options = params.options ?? {};
  const warmStartGap = options.warmStartGap ?? DEFAULT_WARM_START_GAP;
  const warmStartHistory = options.warmStartHistory ?? DEFAULT_WARM_START_HISTORY;
  // The history holds at least the adopted leaf itself.
  if (![warmStartGap, warmStartHistory].every((n) => Number.isSafeInteger(n) && n >= 1)) {
    throw new InvalidConsensusContextError('warmStartGap and warmStartHistory must be positive integers', {
      warmStartGap,
      warmStartHistory,
    });
  }
  return {
    config,
    stakeTable,
    self,
    crypto,
    size,
    leaders: leaderSchedule(stakeTable.map((member) => member.stake)),
    totalStake: total,
    quorum: quorumThreshold(total),
    oneHonest: oneHonestThreshold(total),
    separateDa,
    daCommitteeSize,
    daQuorum: quorumThreshold(daStake),
    bounds: blockBoundsFromConfig(config),
    genesis: { leaf, commitment: commitLeaf(leaf) },
    maxTimestampAheadMs: options.maxTimestampAheadMs ?? DEFAULT_MAX_TIMESTAMP_AHEAD_MS,
    maxViewTimeoutMs: options.maxViewTimeoutMs ?? config.viewTimeoutMs * DEFAULT_MAX_VIEW_TIMEOUT_FACTOR,
    futureViewWindow: options.futureViewWindow ?? DEFAULT_FUTURE_VIEW_WINDOW,
    warmStartGap,
    warmStartHistory,
    signing: options.signing ?? 'in-step',
  };
}

/** The member that leads `view`, by stake (leaderSchedule; `v mod n` when stakes are equal). */
export function leaderOf(ctx: Pick<ConsensusContext, 'leaders'>, view: number): number {
  return ctx.leaders[view % ctx.leaders.length]!;
}

/** Whether `index` names a stake-table member. */
export function isMember(ctx: ConsensusContext, index: number): boolean {
  return Number.isInteger(index) && index >= 0 && index < ctx.size;
}

/** Whether `index` is in the DA committee. */
export function isDaMember(ctx: ConsensusContext, index: number): boolean {
  return isMember(ctx, index) && index < ctx.daCommitteeSize;
}

/** The stake of member `index`. */
export function stakeOf(ctx: ConsensusContext, index: number): bigint {
  return ctx.stakeTable[index].stake;
}

/** The view timer after `failures` consecutive failed views: base x ratio^failures, capped. */
export function viewTimeoutFor(ctx: ConsensusContext, failures: number): number {
  const grown = ctx.config.viewTimeoutMs * Math.pow(ctx.config.timeoutRatio, failures);
  return Math.round(Math.min(grown, ctx.maxViewTimeoutMs));
}
