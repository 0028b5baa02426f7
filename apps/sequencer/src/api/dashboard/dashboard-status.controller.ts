import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { bytesToHex } from 'viem';
import {
  DashboardStatusSchema,
  type DashboardL1Json,
  type DashboardMemberJson,
  type DashboardNodeJson,
  type DashboardStatusJson,
} from '@hotshot/sequencer-api';
import type { Registry } from 'prom-client';
import { HOTSHOT_CONFIG, METRICS_REGISTRY, NODE_STATUS, type HotShotConfigSource, type NodeStatus } from '../api-ports';
import { AvailabilityReader } from '../availability-reader';
import { ApiErrors, ApiJsonOk } from '../api-docs';
import { DASHBOARD_NODE_INFO, type DashboardNodeInfo } from './dashboard-ports';
import { DecideWindow } from './decide-window';
import { leaderOfView } from './current-leader';

/** The node's metrics the dashboard reads (names from NodeMetrics). */
const METRIC = {
  view: 'sequencer_consensus_view',
  viewTimeouts: 'sequencer_consensus_view_timeouts_total',
  mempoolTransactions: 'sequencer_mempool_transactions',
} as const;

/** `GET /v0/status/dashboard`: what the dashboard polls, gathered from the node's ports and metrics in one answer. */
@ApiTags('status')
@Controller('v0/status')
export class DashboardStatusController {
  constructor(
    @Inject(NODE_STATUS) private readonly status: NodeStatus,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(HOTSHOT_CONFIG) private readonly config: HotShotConfigSource,
    @Inject(AvailabilityReader) private readonly reader: AvailabilityReader,
    @Inject(DecideWindow) private readonly window: DecideWindow,
    @Optional() @Inject(DASHBOARD_NODE_INFO) private readonly info?: DashboardNodeInfo,
  ) {}

  @Get('dashboard')
  @ApiOperation({
    summary: 'The live state the dashboard shows: view, leader, members and their votes, recent decides, this node, L1',
  })
  @ApiJsonOk(DashboardStatusSchema)
  @ApiErrors(400)
  async dashboard(): Promise<DashboardStatusJson> {
    const [blockHeight, earliest, latest, view, viewTimeouts, mempool, l1] = await Promise.all([
      this.status.blockHeight(),
      this.reader.store.earliestHeight(),
      this.reader.store.latestHeight(),
      this.metricValue(METRIC.view),
      this.metricValue(METRIC.viewTimeouts),
      this.metricValue(METRIC.mempoolTransactions),
      this.l1(),
    ]);
    const network = this.config.current();
    const running = this.status.isRunning();
    const members: DashboardMemberJson[] = (network?.stakeTable ?? []).map((entry, index) => {
      const vote = this.window.lastVote(index);
      return {
        index,
        publicKey: bytesToHex(entry.publicKey),
        stake: entry.stake.toString(),
        lastVoteView: vote?.view ?? null,
        lastVoteAtMs: vote?.atMs ?? null,
      };
    });
    const retention = this.info?.retention;
    const node: DashboardNodeJson = {
      index: this.info?.selfIndex() ?? null,
      storage: this.info?.storage ?? null,
      retention: retention
        ? {
            blocks: retention.blocks ?? null,
            ageSeconds: retention.ageMs === undefined ? null : retention.ageMs / 1000,
          }
        : null,
      earliestHeight: earliest ?? null,
      latestHeight: latest ?? null,
      catchupPeers: [...(this.info?.catchupPeers() ?? [])],
      mempoolTransactions: mempool,
    };
    return {
      nowMs: Date.now(),
      running,
      view: running ? view : null,
      leader: running && view !== null && network ? leaderOfView(network.stakeTable, view) : null,
      blockHeight,
      viewTimeouts,
      viewTimeoutMs: network?.config.viewTimeoutMs ?? null,
      members,
      recent: [...this.window.recent()],
      node,
      l1,
    };
  }

  /** The sum of a metric's series, or null when the registry does not have it. */
  private async metricValue(name: string): Promise<number | null> {
    const metric = this.registry.getSingleMetric(name);
    if (!metric) return null;
    const { values } = await metric.get();
    return values.reduce((sum, sample) => sum + sample.value, 0);
  }

  private async l1(): Promise<DashboardL1Json | null> {
    const source = this.info?.l1;
    if (!source) return null;
    try {
      const progress = await source.read();
      return { hotShot: source.hotShot ?? null, rollup: source.rollup ?? null, progress, error: null };
    } catch (error) {
      // The page shows why; the reader logs and counts the failure where it happens.
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      return { hotShot: source.hotShot ?? null, rollup: source.rollup ?? null, progress: null, error: message };
    }
  }
}
