import { decodeFunctionData, type Hex, type PublicClient } from 'viem';
import { headerFromArg, namespacePayloadHash, zkEvmRollupAbi, type Deployment, type HeaderArg } from '@hotshot/l1';
import { headerCommitment } from '@hotshot/protocol';
import { sleep } from '@hotshot/telemetry';
import { DerivationGapError, UnexpectedSequencingCallError } from '../errors';
import type { RollupHeight } from '../execution/batch-executor';
import type { SequencedBatch, DataSource } from './batch-data';
import type { HeightSource } from './height-source';

/** Which L1 record the rollup is derived from: full batches (phase I) or batch commitments (phase II). */
export type DerivationPhase = 1 | 2;

const SEQUENCING = {
  1: { eventName: 'BatchesSequenced', functionName: 'sequenceBatches' },
  2: { eventName: 'BatchCommitmentsSequenced', functionName: 'sequenceBatchCommitments' },
} as const;

/** Where an L1BatchSource reads, and how often. */
export interface L1BatchSourceOptions {
  readonly l1: PublicClient;
  readonly deployment: Deployment;
  readonly phase: DerivationPhase;
  /** Phase II: where the transactions of heights L1 sequenced by commitment come from. */
  readonly data: DataSource;
  readonly pollIntervalMs: number;
}

/**
 * The rollup's heights in order from L1, contiguous from the deployment's start height: each sequencing event's
 * transaction calldata gives the heights' headers and namespace tables, and in phase I their transactions too; in
 * phase II `data` fetches the transactions and checks them against what L1 committed to.
 */
export class L1BatchSource implements HeightSource {
  /** The next HotShot height to derive. */
  next: number;
  private fromBlock: bigint;

  constructor(private readonly options: L1BatchSourceOptions) {
    this.next = options.deployment.startHeight;
    this.fromBlock = BigInt(options.deployment.deployedAtBlock);
  }

  /** The heights sequenced on L1 since the last call, in order; when L1 has nothing new, waits a poll interval. */
  async poll(signal: AbortSignal): Promise<RollupHeight[]> {
    const heights = await this.read();
    if (heights.length === 0) await sleep(this.options.pollIntervalMs, signal);
    return heights;
  }

  private async read(): Promise<RollupHeight[]> {
    const latest = await this.options.l1.getBlockNumber();
    if (latest < this.fromBlock) return [];
    const { eventName, functionName } = SEQUENCING[this.options.phase];
    const logs = await this.options.l1.getContractEvents({
      address: this.options.deployment.rollup,
      abi: zkEvmRollupAbi,
      eventName,
      fromBlock: this.fromBlock,
      toBlock: latest,
    });
    const heights: RollupHeight[] = [];
    // Advanced only once the whole poll has read cleanly, so a failed read is retried from the same place.
    let next = this.next;
    for (const log of logs) {
      const first = Number(log.args.fromHeight);
      if (first !== next) throw new DerivationGapError(next, first, log.transactionHash);
      const tx = await this.options.l1.getTransaction({ hash: log.transactionHash });
      const call = decodeFunctionData({ abi: zkEvmRollupAbi, data: tx.input });
      if (call.functionName !== functionName) {
        throw new UnexpectedSequencingCallError(call.functionName, log.transactionHash);
      }
      for (const argument of call.args[0] as unknown as readonly BatchArgument[]) {
        const header = headerFromArg(argument.header);
        if (header.height !== next) throw new DerivationGapError(next, header.height, log.transactionHash);
        const batch: SequencedBatch = { header, namespaceTable: argument.namespaceTable };
        const transactions = argument.transactions ?? (await this.options.data.transactions(batch));
        heights.push({
          height: header.height,
          timestampMs: header.timestamp,
          transactions,
          headerCommitment: headerCommitment(header),
          payloadHash: namespacePayloadHash(argument.namespaceTable, this.options.deployment.namespace),
        });
        next++;
      }
    }
    this.next = next;
    this.fromBlock = latest + 1n;
    return heights;
  }
}

/** A batch as sequencing calldata carries it; `transactions` only in phase I. */
interface BatchArgument {
  readonly header: HeaderArg;
  readonly namespaceTable: SequencedBatch['namespaceTable'];
  readonly transactions?: readonly Hex[];
}
