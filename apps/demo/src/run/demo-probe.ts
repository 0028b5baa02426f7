import { Type } from '@sinclair/typebox';
import { createPublicClient, http, type Address } from 'viem';
import { hotShotAbi, zkEvmRollupAbi } from '@hotshot/l1';
import { jsonSchema } from '@hotshot/protocol';
import { SequencerApiClient } from '@hotshot/sequencer-api';
import { prometheusValue, type DemoSample } from './demo-status';

/** The part of the rollup node's /healthz the demo shows: the L2 block it has executed to, once it has one. */
const RollupNodeHealth = jsonSchema(Type.Object({ l2Block: Type.Optional(Type.Integer({ minimum: 0 })) }));

/** How long one read may take: a sample reports what answered in time. */
const READ_TIMEOUT_MS = 2000;

/**
 * Reads the demo network: node 0's status and metrics, both contracts on L1 and the rollup node's /healthz.
 * Never throws.
 */
export class DemoProbe {
  private contracts?: { hotShot: Address; rollup: Address };
  private readonly l1;
  private readonly api: SequencerApiClient;

  constructor(
    private readonly apiUrl: string,
    l1Url: string,
    private readonly rollupNodeUrl: string,
  ) {
    this.l1 = createPublicClient({ transport: http(l1Url, { timeout: 3000, retryCount: 0 }) });
    this.api = new SequencerApiClient(apiUrl, READ_TIMEOUT_MS);
  }

  /** Starts reading the contracts too. */
  setContracts(contracts: { hotShot: Address; rollup: Address }): void {
    this.contracts = contracts;
  }

  /** One sample; what did not answer is left out. */
  async sample(): Promise<DemoSample> {
    const [height, metrics, hotShotHeight, rollupHeight, verifiedHeight, rollupNode] = await Promise.all([
      this.api.blockHeight().catch(() => undefined),
      this.text(`${this.apiUrl}/v0/status/metrics`),
      this.read('blockHeight'),
      this.read('sequencedHeight'),
      this.read('verifiedHeight'),
      this.text(`${this.rollupNodeUrl}/healthz`),
    ]);
    const l2Block = rollupNode === undefined ? undefined : this.l2Block(rollupNode);
    return {
      atMs: Date.now(),
      ...(height !== undefined && { height }),
      ...(metrics !== undefined && {
        view: prometheusValue(metrics, 'sequencer_consensus_view'),
        decidedTransactions: prometheusValue(metrics, 'sequencer_consensus_decided_transactions_total'),
      }),
      ...(hotShotHeight !== undefined && { l1HotShotHeight: hotShotHeight }),
      ...(rollupHeight !== undefined && { l1RollupHeight: rollupHeight }),
      ...(verifiedHeight !== undefined && { l1VerifiedHeight: verifiedHeight }),
      ...(l2Block !== undefined && { l2Block }),
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

  /** The rollup node's executed L2 block from its /healthz text; undefined for anything else. */
  private l2Block(healthz: string): number | undefined {
    try {
      return RollupNodeHealth.parse(healthz, 'rollup node /healthz').l2Block;
    } catch {
      return undefined;
    }
  }

  private async text(url: string): Promise<string | undefined> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
      return response.ok ? await response.text() : undefined;
    } catch {
      return undefined;
    }
  }
}
