import { createPublicClient, http, type Address } from 'viem';
import { hotShotAbi, zkEvmRollupAbi } from '@hotshot/l1';
import { prometheusValue, type DemoSample } from './demo-status';

/** Reads the demo network: node 0's status and metrics, and both contracts on L1. Never throws. */
export class DemoProbe {
  private contracts?: { hotShot: Address; rollup: Address };
  private readonly l1;

  constructor(
    private readonly apiUrl: string,
    l1Url: string,
  ) {
    this.l1 = createPublicClient({ transport: http(l1Url, { timeout: 3000, retryCount: 0 }) });
  }

  /** Starts reading the contracts too. */
  setContracts(contracts: { hotShot: Address; rollup: Address }): void {
    this.contracts = contracts;
  }

  /** One sample; what did not answer is left out. */
  async sample(): Promise<DemoSample> {
    const [height, metrics, hotShotHeight, rollupHeight] = await Promise.all([
      this.json('/v0/status/block-height'),
      this.text('/v0/status/metrics'),
      this.read('hotShot'),
      this.read('rollup'),
    ]);
    return {
      atMs: Date.now(),
      ...(typeof height === 'number' && { height }),
      ...(metrics !== undefined && {
        view: prometheusValue(metrics, 'sequencer_consensus_view'),
        decidedTransactions: prometheusValue(metrics, 'sequencer_consensus_decided_transactions_total'),
      }),
      ...(hotShotHeight !== undefined && { l1HotShotHeight: hotShotHeight }),
      ...(rollupHeight !== undefined && { l1RollupHeight: rollupHeight }),
    };
  }

  private async read(which: 'hotShot' | 'rollup'): Promise<number | undefined> {
    if (!this.contracts) return undefined;
    try {
      const value =
        which === 'hotShot'
          ? await this.l1.readContract({
              address: this.contracts.hotShot,
              abi: hotShotAbi,
              functionName: 'blockHeight',
            })
          : await this.l1.readContract({
              address: this.contracts.rollup,
              abi: zkEvmRollupAbi,
              functionName: 'sequencedHeight',
            });
      return Number(value);
    } catch {
      return undefined;
    }
  }

  private async json(path: string): Promise<unknown> {
    const text = await this.text(path);
    try {
      return text === undefined ? undefined : JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  private async text(path: string): Promise<string | undefined> {
    try {
      const response = await fetch(`${this.apiUrl}${path}`, { signal: AbortSignal.timeout(2000) });
      return response.ok ? await response.text() : undefined;
    } catch {
      return undefined;
    }
  }
}
