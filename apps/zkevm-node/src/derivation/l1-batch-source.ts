import { decodeFunctionData, type Hex, type PublicClient } from 'viem';
import { zkEvmRollupAbi, type Deployment } from '@hotshot/l1';
import { DerivationGapError, UnexpectedSequencingCallError } from '../errors';
import type { RollupHeight } from '../execution/batch-executor';
import { headerFromArgument, type SequencedBatch, type DataSource } from './batch-data';

/** Which L1 record the rollup is derived from: full batches (phase I) or batch commitments (phase II). */
export type DerivationPhase = 1 | 2;

const SEQUENCING = {
  1: { eventName: 'BatchesSequenced', functionName: 'sequenceBatches' },
  2: { eventName: 'BatchCommitmentsSequenced', functionName: 'sequenceBatchCommitments' },
} as const;

/**
 * The rollup's heights in order from L1, contiguous from the deployment's start height: each sequencing event's
 * transaction calldata gives the heights' headers and namespace tables, and in phase I their transactions too; in
 * phase II `data` fetches the transactions and checks them against what L1 committed to.
 */
export class L1BatchSource {
  /** The next HotShot height to derive. */
  next: number;
  private fromBlock: bigint;

  constructor(
    private readonly l1: PublicClient,
    private readonly deployment: Deployment,
    private readonly phase: DerivationPhase,
    private readonly data: DataSource,
  ) {
    this.next = deployment.startHeight;
    this.fromBlock = BigInt(deployment.deployedAtBlock);
  }

  /** The heights sequenced on L1 since the last call, in order (empty when L1 has nothing new). */
  async poll(): Promise<RollupHeight[]> {
    const latest = await this.l1.getBlockNumber();
    if (latest < this.fromBlock) return [];
    const { eventName, functionName } = SEQUENCING[this.phase];
    const logs = await this.l1.getContractEvents({
      address: this.deployment.rollup,
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
      const tx = await this.l1.getTransaction({ hash: log.transactionHash });
      const call = decodeFunctionData({ abi: zkEvmRollupAbi, data: tx.input });
      if (call.functionName !== functionName) {
        throw new UnexpectedSequencingCallError(call.functionName, log.transactionHash);
      }
      for (const argument of call.args[0] as unknown as readonly BatchArgument[]) {
        const header = headerFromArgument(argument.header);
        if (header.height !== next) throw new DerivationGapError(next, header.height, log.transactionHash);
        const batch: SequencedBatch = { header, namespaceTable: argument.namespaceTable };
        const transactions = argument.transactions ?? (await this.data.transactions(batch));
        heights.push({ height: header.height, timestampMs: header.timestamp, transactions });
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
  readonly header: Parameters<typeof headerFromArgument>[0];
  readonly namespaceTable: SequencedBatch['namespaceTable'];
  readonly transactions?: readonly Hex[];
}
