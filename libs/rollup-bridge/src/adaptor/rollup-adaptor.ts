import type { Address } from 'viem';
import { NamespaceFollower, type NamespaceBlock, type SequencerApiClient } from '@hotshot/sequencer-api';
import { Backoff, sleep, type Logger } from '@hotshot/telemetry';
import {
  ContractWriter,
  DeploymentMismatchError,
  errorLogFields,
  hotShotAbi,
  toBatchArg,
  toBatchCommitmentArg,
  zkEvmRollupAbi,
  type L1Clients,
  type SentCall,
} from '@hotshot/l1';
import { GasBoundedBatchSize, runWriteRounds } from '../l1-writer/write-rounds';
import { takeBatch, type AdaptorMode } from './batch-plan';
import { checkRollupTransaction } from './rollup-transaction';

/** What the adaptor follows and where it posts. */
export interface RollupAdaptorOptions {
  readonly api: SequencerApiClient;
  readonly l1: L1Clients;
  readonly hotShot: Address;
  readonly rollup: Address;
  readonly namespace: number;
  readonly mode: AdaptorMode;
  readonly log: Logger;
  /** Most heights per sequencing call; halves by itself while a call exceeds the gas budget. Default 100. */
  readonly maxHeights?: number;
  /** Most calldata bytes per call (estimated). Default 120,000. */
  readonly maxBytes?: number;
  /** Most gas one call may need. Default 15,000,000. */
  readonly gasBudget?: bigint;
  /** How often to look at L1 again while waiting for HotShot.sol. Default 1,000 ms. */
  readonly pollIntervalMs?: number;
  /** Called after each sequencing call is mined (metrics). */
  readonly onSequenced?: (sequenced: SequencedRange) => void;
  /** Called after each failed attempt (metrics). */
  readonly onFailure?: (error: unknown) => void;
  /** The writer of the L1 account, when the adaptor shares it with other tasks (the integrated rollup node). */
  readonly writer?: ContractWriter;
}

/** One mined sequencing call. */
export interface SequencedRange {
  readonly from: number;
  readonly to: number;
  readonly transactions: number;
  readonly malformed: number;
  readonly gasUsed: bigint;
  readonly transactionHash: string;
}

/**
 * The zkEVM adaptor (DESIGN.md 8): follows one namespace of the decided chain and sequences it into ZkEvmRollup,
 * height by height without gaps: phase I (`basic`) with the transactions in calldata, phase II (`offchain-da`) with
 * only the namespace tables. It posts a height only once HotShot.sol holds it, resumes from the rollup's
 * `sequencedHeight()` after a restart, and like the poster waits for its own pending transactions and estimates
 * before it sends, so no height is sent twice. A malformed rollup transaction is logged and sequenced like any other.
 */
export class RollupAdaptor {
  private readonly writer: ContractWriter;
  private readonly maxHeights: GasBoundedBatchSize;
  /** The next height the rollup expects, as last read from L1. */
  next = 0;

  constructor(private readonly options: RollupAdaptorOptions) {
    this.writer = options.writer ?? new ContractWriter(options.l1);
    this.maxHeights = new GasBoundedBatchSize(options.maxHeights ?? 100);
  }

  /** Checks the deployment, then follows and posts until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    await this.resume(signal);
    if (signal.aborted) return;
    this.options.log.info('adaptor resuming', {
      next: this.next,
      mode: this.options.mode,
      namespace: this.options.namespace,
    });
    const follower = new NamespaceFollower({
      api: this.options.api,
      namespace: this.options.namespace,
      from: this.next,
      log: this.options.log.child({ module: 'follower' }),
      maxBuffered: Math.max(1000, 4 * this.maxHeights.configured),
    });
    follower.start(signal);
    const pollMs = this.options.pollIntervalMs ?? 1000;
    await runWriteRounds(signal, {
      round: async () => {
        const posted = await this.postOnce(follower, signal);
        if (posted === 'no-blocks') await follower.waitForBlock(pollMs, signal);
        else if (posted === 'waiting-for-hotshot') await sleep(pollMs, signal);
      },
      batch: this.maxHeights,
      log: this.options.log,
      shrinkMessage: 'sequencing call over the gas budget: fewer heights per call',
      batchField: 'maxHeights',
      failureMessage: 'sequencing failed; retrying',
      functionName: () => this.functionName(),
      onFailure: this.options.onFailure,
    });
    await follower.stopped();
  }

  /** One round: sequences the next batch if HotShot.sol and the stream allow one. */
  async postOnce(
    follower: NamespaceFollower,
    signal: AbortSignal,
  ): Promise<'posted' | 'no-blocks' | 'waiting-for-hotshot'> {
    await this.writer.settle(signal);
    const next = (await this.sequencedHeight()) + 1;
    if (next !== this.next) {
      this.options.log.warn('the rollup is at another height than expected', { expected: this.next, got: next });
      this.next = next;
    }
    const buffered = follower.peek();
    const skip = buffered.findIndex((block) => block.height >= next);
    if (skip > 0) follower.take(skip);
    else if (skip === -1 && buffered.length > 0) follower.take();
    const blocks = follower.peek();
    if (blocks.length > 0 && blocks[0]!.height !== next) follower.restartFrom(next);
    if (blocks.length === 0 || blocks[0]!.height !== next) return 'no-blocks';
    const hotShotHeight = Number(
      await this.options.l1.publicClient.readContract({
        address: this.options.hotShot,
        abi: hotShotAbi,
        functionName: 'blockHeight',
      }),
    );
    const batch = takeBatch(blocks, this.options.mode, {
      upToHeight: hotShotHeight,
      maxHeights: this.maxHeights.current,
      maxBytes: this.options.maxBytes ?? 120_000,
    });
    if (batch.length === 0) {
      this.options.log.debug('waiting for HotShot.sol', { next, hotShotHeight });
      return 'waiting-for-hotshot';
    }
    const sent = await this.sequence(batch);
    follower.take(batch.length);
    const last = batch[batch.length - 1]!;
    this.next = last.height + 1;
    const { transactions, malformed } = this.inspect(batch);
    const sequenced: SequencedRange = {
      from: batch[0]!.height,
      to: last.height,
      transactions,
      malformed,
      gasUsed: sent.receipt.gasUsed,
      transactionHash: sent.hash,
    };
    this.options.log.info('sequenced batches', {
      ...sequenced,
      mode: this.options.mode,
      hotShotHeight,
      l1Block: sent.receipt.blockNumber,
    });
    this.options.onSequenced?.(sequenced);
    this.maxHeights.grow();
    return 'posted';
  }

  private sequence(batch: readonly NamespaceBlock[]): Promise<SentCall> {
    const gasBudget = this.options.gasBudget ?? 15_000_000n;
    if (this.options.mode === 'basic') {
      return this.writer.send({
        address: this.options.rollup,
        abi: zkEvmRollupAbi,
        functionName: 'sequenceBatches',
        args: [batch.map((block) => toBatchArg(block.header, block.namespaceTable, block.transactions))],
        gasBudget,
      });
    }
    return this.writer.send({
      address: this.options.rollup,
      abi: zkEvmRollupAbi,
      functionName: 'sequenceBatchCommitments',
      args: [batch.map((block) => toBatchCommitmentArg(block.header, block.namespaceTable))],
      gasBudget,
    });
  }

  /** Counts the batch's transactions and logs each one that is not a valid rollup transaction. */
  private inspect(batch: readonly NamespaceBlock[]): { transactions: number; malformed: number } {
    let transactions = 0;
    let malformed = 0;
    for (const block of batch) {
      block.transactions.forEach((payload, index) => {
        transactions += 1;
        const check = checkRollupTransaction(payload);
        if (check.ok) return;
        malformed += 1;
        this.options.log.warn('malformed rollup transaction sequenced', {
          height: block.height,
          index,
          hash: check.hash,
          reason: check.reason,
          bytes: payload.length,
        });
      });
    }
    return { transactions, malformed };
  }

  private functionName(): string {
    return this.options.mode === 'basic' ? 'sequenceBatches' : 'sequenceBatchCommitments';
  }

  private async sequencedHeight(): Promise<number> {
    const height = await this.options.l1.publicClient.readContract({
      address: this.options.rollup,
      abi: zkEvmRollupAbi,
      functionName: 'sequencedHeight',
    });
    return Number(height);
  }

  /** Reads where the rollup is, retrying while L1 does not answer; a deployment mismatch is final. */
  private async resume(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff({ initialDelayMs: 500, maxDelayMs: 10_000 });
    while (!signal.aborted) {
      try {
        await this.checkDeployment();
        this.next = (await this.sequencedHeight()) + 1;
        return;
      } catch (error) {
        if (error instanceof DeploymentMismatchError) throw error;
        const delayMs = backoff.next();
        this.options.log.warn('L1 not readable yet; retrying', { delayMs, ...errorLogFields(error) });
        await sleep(delayMs, signal);
      }
    }
  }

  /** Refuses to run against a rollup of another namespace or over another HotShot. */
  private async checkDeployment(): Promise<void> {
    const { publicClient } = this.options.l1;
    const [namespace, hotShot] = await Promise.all([
      publicClient.readContract({ address: this.options.rollup, abi: zkEvmRollupAbi, functionName: 'namespace' }),
      publicClient.readContract({ address: this.options.rollup, abi: zkEvmRollupAbi, functionName: 'hotShot' }),
    ]);
    if (namespace !== this.options.namespace)
      throw new DeploymentMismatchError('rollup namespace', this.options.namespace, namespace);
    if (hotShot.toLowerCase() !== this.options.hotShot.toLowerCase()) {
      throw new DeploymentMismatchError('rollup HotShot address', this.options.hotShot, hotShot);
    }
  }
}
