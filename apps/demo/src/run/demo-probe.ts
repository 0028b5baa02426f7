import { createPublicClient, http, type Address } from 'viem';
import { hotShotAbi, zkEvmRollupAbi } from '@hotshot/l1';
import { prometheusValue, type DemoSample } from './demo-status';

/**
 * Reads the demo network: node 0's status and metrics, both contracts on L1 and the rollup node's /healthz.
 * Never throws.
 */
export class DemoProbe {
  private contracts?: { hotShot: Address; rollup: Address };
  private readonly l1;

  constructor(
    private readonly apiUrl: string,
    l1Url: string,
    private readonly rollupNodeUrl: string,
  ) {
    this.l1 = createPublicClient({ transport: http(l1Url, { timeout: 3000, retryCount: 0 }) });
  }

  /** Starts reading the contracts too. */
  setContracts(contracts: { hotShot: Address; rollup: Address }): void {
    this.contracts = contracts;
  }

  /** One sample; what did not answer is left out. */
  async sample(): Promise<DemoSample> {
    const [height, metrics, hotShotHeight, rollupHeight, verifiedHeight, rollupNode] = await Promise.all([
      this.json(`${this.apiUrl}/v0/status/block-height`),
      this.text(`${this.apiUrl}/v0/status/metrics`),
      this.read('blockHeight'),
      this.read('sequencedHeight'),
      this.read('verifiedHeight'),
      this.json(`${this.rollupNodeUrl}/healthz`),
    ]);
    const l2Block = (rollupNode as { l2Block?: unknown } | undefined)?.l2Block;
    return {
      atMs: Date.now(),
      ...(typeof height === 'number' && { height }),
      ...(metrics !== undefined && {
        view: prometheusValue(metrics, 'sequencer_consensus_view'),
        decidedTransactions: prometheusValue(metrics, 'sequencer_consensus_decided_transactions_total'),
      }),
      ...(hotShotHeight !== undefined && { l1HotShotHeight: hotShotHeight }),
      ...(rollupHeight !== undefined && { l1RollupHeight: rollupHeight }),
      ...(verifiedHeight !== undefined && { l1VerifiedHeight: verifiedHeight }),
      ...(typeof l2Block === 'number' && { l2Block }),
    };
  }

  private async read(which: 'blockHeight' | 'sequencedHeight' | 'verifiedHeight'): Promise<number | undefined> {
    if (!this.contracts) return undefined;
    try {
      const value =
        which === 'blockHeight'
          ? await this.l1.readContract({ address: this.contracts.hotShot, abi: hotShotAbi, functionName: which })
          : await this.l1.readContract({ address: this.contracts.rollup, abi: zkEvmRollupAbi, functionName: which });
      return Number(value);
    } catch {
      return undefined;
    }
  }

  private async json(url: string): Promise<unknown> {
    const text = await this.text(url);
    try {
      return text === undefined ? undefined : JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  private async text(url: string): Promise<string | undefined> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      return response.ok ? await response.text() : undefined;
    } catch {
      return undefined;
    }
  }
}
