import { createPublicClient, http, webSocket, type Address, type PublicClient } from 'viem';
import { Counter, type Registry } from 'prom-client';
import { hotShotAbi, zkEvmRollupAbi, type Deployment } from '@hotshot/l1';
import type { Logger } from '@hotshot/telemetry';
import type { L1Progress, L1ProgressSource } from './dashboard-ports';

/** How long one reading of L1 is reused, in ms: every open dashboard polls, L1 is asked at most this often. */
const CACHE_MS = 2000;

/** Where the contracts are: given, or read from a deployment file once it can be read. */
export type ContractsSource = Pick<Deployment, 'hotShot' | 'rollup'> | (() => Pick<Deployment, 'hotShot' | 'rollup'>);

/**
 * Reads HotShot.sol's height and the rollup contract's sequenced and verified heights from L1, for the dashboard
 * only (the node takes no other part in L1). The contracts may come from a deployment file written after the node
 * started (the demo deploys once the network decides): until it reads, each reading fails with why. Concurrent
 * callers share one reading; failures are counted, logged at warn when the reason changes, and shown by the caller.
 */
export class L1ProgressReader implements L1ProgressSource {
  private contracts?: Pick<Deployment, 'hotShot' | 'rollup'>;
  private readonly client: PublicClient;
  private readonly failures: Counter;
  private last?: { at: number; reading: Promise<L1Progress> };
  private lastFailure?: string;

  constructor(
    url: string,
    private readonly source: ContractsSource,
    registry: Registry,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    if (typeof source !== 'function') this.contracts = source;
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

  get hotShot(): Address | undefined {
    return this.contracts?.hotShot;
  }

  get rollup(): Address | undefined {
    return this.contracts?.rollup;
  }

  /** The heights, at most CACHE_MS old. */
  read(): Promise<L1Progress> {
    const now = this.clock();
    if (this.last && now - this.last.at < CACHE_MS) return this.last.reading;
    const reading = this.readNow();
    this.last = { at: now, reading };
    // A failed reading is not reused: the next poll tries again.
    reading.catch(() => {
      if (this.last?.reading === reading) this.last = undefined;
    });
    return reading;
  }

  private async readNow(): Promise<L1Progress> {
    try {
      this.contracts ??= (this.source as () => Pick<Deployment, 'hotShot' | 'rollup'>)();
      const { hotShot, rollup } = this.contracts;
      const [l1Block, hotShotHeight, sequencedHeight, verifiedHeight] = await Promise.all([
        this.client.getBlockNumber({ cacheTime: 0 }),
        this.client.readContract({ address: hotShot, abi: hotShotAbi, functionName: 'blockHeight' }),
        this.client.readContract({
          address: rollup,
          abi: zkEvmRollupAbi,
          functionName: 'sequencedHeight',
        }),
        this.client.readContract({
          address: rollup,
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
      const reason = error instanceof Error ? error.message : String(error);
      if (reason !== this.lastFailure) this.log.warn('reading the L1 contracts for the dashboard failed', { error });
      this.lastFailure = reason;
      throw error;
    }
  }
}
