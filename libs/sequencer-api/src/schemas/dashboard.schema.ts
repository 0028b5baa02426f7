import { Type, type Static } from '@sinclair/typebox';
import { Decimal, HexBytes, Nullable, Uint } from './json-types';

/** Unix time in milliseconds. */
const Ms = (description = 'unix time in milliseconds') => Uint({ description });

/** One stake-table member with the newest vote this node saw from it. */
export const DashboardMemberSchema = Type.Object({
  index: Uint(),
  publicKey: HexBytes(undefined, { description: 'compressed BLS G1 key as 0x hex' }),
  stake: Decimal({ description: 'decimal' }),
  lastVoteView: Nullable(Uint(), { description: 'newest view of a decided certificate it signed' }),
  lastVoteAtMs: Nullable(Ms(), { description: 'when this node saw that certificate decided' }),
});
export type DashboardMemberJson = Static<typeof DashboardMemberSchema>;

/** One decided block of the recent window. */
export const DashboardDecideSchema = Type.Object({
  height: Uint(),
  view: Uint(),
  proposedAtMs: Ms("the leader's proposal time (header timestamp)"),
  decidedAtMs: Ms('when this node stored the decide'),
  txs: Uint(),
  bytes: Uint({ description: 'payload bytes' }),
});

/** A peer this node caught up from. */
export const DashboardCatchupPeerSchema = Type.Object({
  index: Uint(),
  leaves: Uint({ description: 'leaves received from it' }),
  lastAtMs: Ms(),
});

/** This node. */
export const DashboardNodeSchema = Type.Object({
  index: Nullable(Uint(), { description: 'stake-table index; null before it joined' }),
  storage: Nullable(Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')])),
  retention: Nullable(
    Type.Object({
      blocks: Nullable(Uint(), { description: 'newest blocks kept; null for no bound' }),
      ageSeconds: Nullable(Type.Number({ minimum: 0 }), { description: 'seconds kept; null for no bound' }),
    }),
    { description: 'null: an archive node keeps everything' },
  ),
  earliestHeight: Nullable(Uint()),
  latestHeight: Nullable(Uint()),
  catchupPeers: Type.Array(DashboardCatchupPeerSchema),
  mempoolTransactions: Nullable(Type.Number({ minimum: 0 }), { description: 'transactions waiting in the mempool' }),
});
export type DashboardNodeJson = Static<typeof DashboardNodeSchema>;

/** The L1 contracts' heights. */
export const DashboardL1ProgressSchema = Type.Object({
  l1Block: Uint(),
  hotShotHeight: Uint({ description: "HotShot.sol's blockHeight(): the highest height it stores" }),
  sequencedHeight: Uint({ description: "the rollup contract's sequencedHeight()" }),
  verifiedHeight: Uint({ description: "the rollup contract's verifiedHeight()" }),
  readAtMs: Ms(),
});

/** L1, when the node was given an L1 URL and a deployment file. */
export const DashboardL1Schema = Type.Object({
  hotShot: Nullable(HexBytes(20), { description: 'HotShot.sol address; null until the deployment reads' }),
  rollup: Nullable(HexBytes(20), { description: 'rollup contract address; null until then' }),
  progress: Nullable(DashboardL1ProgressSchema, { description: 'null when L1 did not answer' }),
  error: Nullable(Type.String(), { description: 'why L1 did not answer' }),
});
export type DashboardL1Json = Static<typeof DashboardL1Schema>;

/** `/v0/status/dashboard`: what the dashboard page polls, in one answer. */
export const DashboardStatusSchema = Type.Object({
  nowMs: Ms("the node's clock when it answered"),
  running: Type.Boolean({ description: 'whether the node has joined and runs consensus' }),
  view: Nullable(Uint(), { description: 'the view this node is in' }),
  leader: Nullable(Uint(), { description: "the current view's leader (stake-table index)" }),
  blockHeight: Uint({ description: 'decided blocks (the height the next block will have)' }),
  viewTimeouts: Nullable(Type.Number({ minimum: 0 }), { description: 'views this node timed out since it started' }),
  viewTimeoutMs: Nullable(Uint(), { description: 'the base view timeout, in ms' }),
  members: Type.Array(DashboardMemberSchema, { description: 'empty until the node has the stake table' }),
  recent: Type.Array(DashboardDecideSchema, { description: 'decides of the last 10 minutes, oldest first' }),
  node: DashboardNodeSchema,
  l1: Nullable(DashboardL1Schema, { description: 'null when the node has no L1 configured' }),
});
export type DashboardStatusJson = Static<typeof DashboardStatusSchema>;
