import { createPublicClient, http, webSocket, type Address, type PublicClient } from 'viem';
import { Counter, type Registry } from 'prom-client';
import { hotShotAbi, zkEvmRollupAbi, type Deployment } from '@hotshot/l1';
import type { Logger } from '@hotshot/telemetry';
import type { L1Progress, L1ProgressSource } from './dashboard-ports';

/** How long one reading of L1 is reused, in ms: every open dashboard polls, L1 is asked at most this often. */
const CACHE_MS = 2000;

/**
 * Reads HotShot.sol's height and the rollup contract's sequenced and verified heights from L1, for the dashboard
 * only (the node takes no other part in L1). Concurrent callers share one reading; failures are counted and logged
 * at warn, and the caller shows the message.
 */
export class L1ProgressReader implements L1ProgressSource {
  readonly hotShot: Address;
  readonly rollup: Address;
  private readonly client: PublicClient;
  private readonly failures: Counter;
  private last?: { at: number; reading: Promise<L1Progress> };

  constructor(
    url: string,
    deployment: Pick<Deployment, 'hotShot' | 'rollup'>,
    registry: Registry,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    this.hotShot = deployment.hotShot;
    this.rollup = deployment.rollup;
    this.client = createPublicClient({
      transport: url.startsWith('ws') ? webSocket(url) : http(url, { retryCount: 0 }),
    });
    this.failures =
      (registry.getSingleMetric('sequencer_dashboard_l1_read_failures_total') as Counter | undefined) ??
      new Counter({
        name: 'sequencer_dashboard_l1_read_failures_total',
        help: 'Readings of the L1 contracts for the dashboard that failed',
        registers: [registry],
      });
  }

  /** The heights, at most CACHE_MS old. */
  read(): Promise<L1Progress> {
    const now = this.clock();
    if (this.last && now - this.last.at < CACHE_MS) return this.last.reading;
    const reading = this.readNow();
    this.last = { at: now, reading };
    return reading;
  }

  private async readNow(): Promise<L1Progress> {
    try {
      const [l1Block, hotShotHeight, sequencedHeight, verifiedHeight] = await Promise.all([
        this.client.getBlockNumber({ cacheTime: 0 }),
        this.client.readContract({ address: this.hotShot, abi: hotShotAbi, functionName: 'blockHeight' }),
        this.client.readContract({
          address: this.rollup,
          abi: zkEvmRollupAbi,
          functionName: 'sequencedHeight',
        }),
        this.client.readContract({
          address: this.rollup,
          abi: zkEvmRollupAbi,
          functionName: 'verifiedHeight',
        }),
      ]);
      return {
        l1Block: Number(l1Block),
        hotShotHeight: Number(hotShotHeight),
        sequencedHeight: Number(sequencedHeight),
        verifiedHeight: Number(verifiedHeight),
        readAtMs: this.clock(),
      };
    } catch (error) {
      this.failures.inc();
      this.log.warn('reading the L1 contracts for the dashboard failed', { error });
      // A failed reading is not reused: the next poll tries again.
      this.last = undefined;
      throw error;
    }
  }
}
