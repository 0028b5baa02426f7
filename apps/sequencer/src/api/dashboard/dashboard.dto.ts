import { ApiProperty } from '@nestjs/swagger';

const MS = { type: 'integer', description: 'unix time in milliseconds' } as const;

/** One stake-table member with the newest vote this node saw from it. */
export class DashboardMemberDto {
  @ApiProperty({ type: 'integer' })
  index!: number;
  @ApiProperty({ type: 'string', description: 'compressed BLS G1 key as 0x hex' })
  publicKey!: string;
  @ApiProperty({ type: 'string', description: 'decimal' })
  stake!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'newest view of a decided certificate it signed' })
  lastVoteView!: number | null;
  @ApiProperty({ ...MS, nullable: true, description: 'when this node saw that certificate decided' })
  lastVoteAtMs!: number | null;
}

/** One decided block of the recent window. */
export class DashboardDecideDto {
  @ApiProperty({ type: 'integer' })
  height!: number;
  @ApiProperty({ type: 'integer' })
  view!: number;
  @ApiProperty({ ...MS, description: "the leader's proposal time (header timestamp)" })
  proposedAtMs!: number;
  @ApiProperty({ ...MS, description: 'when this node stored the decide' })
  decidedAtMs!: number;
  @ApiProperty({ type: 'integer' })
  txs!: number;
  @ApiProperty({ type: 'integer', description: 'payload bytes' })
  bytes!: number;
}

/** A peer this node caught up from. */
export class DashboardCatchupPeerDto {
  @ApiProperty({ type: 'integer' })
  index!: number;
  @ApiProperty({ type: 'integer', description: 'leaves received from it' })
  leaves!: number;
  @ApiProperty(MS)
  lastAtMs!: number;
}

/** What this node keeps. */
export class DashboardRetentionDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'newest blocks kept; null for no bound' })
  blocks!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'seconds kept; null for no bound' })
  ageSeconds!: number | null;
}

/** This node. */
export class DashboardNodeDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'stake-table index; null before it joined' })
  index!: number | null;
  @ApiProperty({ type: 'string', enum: ['sqlite', 'postgres'], nullable: true })
  storage!: 'sqlite' | 'postgres' | null;
  @ApiProperty({ type: DashboardRetentionDto, nullable: true, description: 'null: an archive node keeps everything' })
  retention!: DashboardRetentionDto | null;
  @ApiProperty({ type: 'integer', nullable: true })
  earliestHeight!: number | null;
  @ApiProperty({ type: 'integer', nullable: true })
  latestHeight!: number | null;
  @ApiProperty({ type: [DashboardCatchupPeerDto] })
  catchupPeers!: DashboardCatchupPeerDto[];
  @ApiProperty({ type: 'integer', nullable: true, description: 'transactions waiting in the mempool' })
  mempoolTransactions!: number | null;
}

/** The L1 contracts' heights. */
export class DashboardL1ProgressDto {
  @ApiProperty({ type: 'integer' })
  l1Block!: number;
  @ApiProperty({ type: 'integer', description: "HotShot.sol's blockHeight(): the highest height it stores" })
  hotShotHeight!: number;
  @ApiProperty({ type: 'integer', description: "the rollup contract's sequencedHeight()" })
  sequencedHeight!: number;
  @ApiProperty({ type: 'integer', description: "the rollup contract's verifiedHeight()" })
  verifiedHeight!: number;
  @ApiProperty(MS)
  readAtMs!: number;
}

/** L1, when the node was given an L1 URL and a deployment file. */
export class DashboardL1Dto {
  @ApiProperty({ type: 'string', nullable: true, description: 'HotShot.sol address; null until the deployment reads' })
  hotShot!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'rollup contract address; null until then' })
  rollup!: string | null;
  @ApiProperty({ type: DashboardL1ProgressDto, nullable: true, description: 'null when L1 did not answer' })
  progress!: DashboardL1ProgressDto | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'why L1 did not answer' })
  error!: string | null;
}

/** `/v0/status/dashboard`: what the dashboard page polls, in one answer. */
export class DashboardStatusDto {
  @ApiProperty({ ...MS, description: "the node's clock when it answered" })
  nowMs!: number;
  @ApiProperty({ type: 'boolean', description: 'whether the node has joined and runs consensus' })
  running!: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: 'the view this node is in' })
  view!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: "the current view's leader (stake-table index)" })
  leader!: number | null;
  @ApiProperty({ type: 'integer', description: 'decided blocks (the height the next block will have)' })
  blockHeight!: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'views this node timed out since it started' })
  viewTimeouts!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'the base view timeout, in ms' })
  viewTimeoutMs!: number | null;
  @ApiProperty({ type: [DashboardMemberDto], description: 'empty until the node has the stake table' })
  members!: DashboardMemberDto[];
  @ApiProperty({ type: [DashboardDecideDto], description: 'decides of the last 10 minutes, oldest first' })
  recent!: DashboardDecideDto[];
  @ApiProperty({ type: DashboardNodeDto })
  node!: DashboardNodeDto;
  @ApiProperty({ type: DashboardL1Dto, nullable: true, description: 'null when the node has no L1 configured' })
  l1!: DashboardL1Dto | null;
}
