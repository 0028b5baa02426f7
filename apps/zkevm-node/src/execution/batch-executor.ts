import type { Address, Hex } from 'viem';
import type { Logger } from '@hotshot/telemetry';
import type { EngineClient } from '../engine/engine-client';
import { EngineRpcError, UnsequencedTransactionError } from '../errors';
import type { ZkevmNodeMetrics } from '../metrics/node-metrics';
import { decodeRollupTransaction, planHeight } from './transaction-check';

/** One HotShot height of the rollup: its header timestamp and the namespace's transactions in order. */
export interface RollupHeight {
  readonly height: number;
  /** HotShot header timestamp, milliseconds. */
  readonly timestampMs: number;
  readonly transactions: readonly Hex[];
  /** The header's commitment and the namespace's payload hash: what the rollup contract accumulates. */
  readonly headerCommitment: Hex;
  readonly payloadHash: Hex;
}

/** What executing one height did. */
export interface ExecutedHeight {
  readonly height: number;
  readonly l2Block: number;
  /** The L2 state root after the height's block. */
  readonly stateRoot: Hex;
  readonly executed: number;
  readonly skipped: number;
}

/** What one height did to each of its transactions, for whoever tracks transactions not yet executed. */
export interface HeightOutcome {
  readonly height: number;
  readonly l2Block: number;
  readonly blockHash: Hex;
  /** Transactions in the L2 block, in block order. */
  readonly included: readonly Hex[];
  /** Transactions execution skipped, with the reason. */
  readonly skipped: readonly { readonly hash: Hex; readonly reason: string }[];
}

/**
 * Executes the rollup's heights on the engine, one L2 block per HotShot height stamped with the header's time in
 * seconds. Invalid transactions are decided before sending, from the bytes and the state before the height, so every
 * node skips the same ones. The engine's block holds exactly the height's transactions: its pool is emptied before
 * each height, must hold only what the height sent before mining, and the mined block is checked against it
 * (UnsequencedTransactionError otherwise).
 */
export class BatchExecutor {
  private lastTimestamp = 0;

  constructor(
    private readonly engine: EngineClient,
    private readonly chainId: number,
    private readonly log: Logger,
    private readonly metrics?: ZkevmNodeMetrics,
    /** Told each height's outcome after it is mined (the L2 RPC's pending transactions). */
    private readonly onExecuted?: (outcome: HeightOutcome) => void,
  ) {}

  async execute(input: RollupHeight): Promise<ExecutedHeight> {
    const checks = await Promise.all(input.transactions.map((raw) => decodeRollupTransaction(raw, this.chainId)));
    const planned = await planHeight(checks, async (from: Address) =>
      Number(await this.engine.call<Hex>('eth_getTransactionCount', [from, 'latest'])),
    );
    const skipped: { hash: Hex; reason: string }[] = [];
    const skip = (hash: Hex, reason: string): void => {
      skipped.push({ hash, reason });
      this.log.warn('rollup transaction skipped', { height: input.height, hash, reason });
    };
    await this.dropUnsequenced(input.height);
    // HotShot timestamps never decrease, but several heights can fall in one second.
    this.lastTimestamp = Math.max(this.lastTimestamp, Math.floor(input.timestampMs / 1000));
    await this.engine.call('anvil_setNextBlockTimestamp', [this.lastTimestamp]);
    const sent = new Set<string>();
    for (const tx of planned) {
      if (!tx.ok) {
        skip(tx.hash, tx.reason);
        continue;
      }
      try {
        await this.engine.call('eth_sendRawTransaction', [tx.raw]);
        sent.add(tx.hash.toLowerCase());
      } catch (error) {
        // The engine's own checks against state (funds, intrinsic gas, fee cap): as deterministic as the state.
        if (!(error instanceof EngineRpcError)) throw error;
        skip(tx.hash, error.shortMessage);
      }
    }
    const strangers = (await this.poolHashes()).filter((hash) => !sent.has(hash));
    if (strangers.length > 0) throw new UnsequencedTransactionError(input.height, 'pool', strangers);
    await this.engine.call('evm_mine', []);
    const block = await this.engine.call<{ number: Hex; hash: Hex; stateRoot: Hex; transactions: Hex[] }>(
      'eth_getBlockByNumber',
      ['latest', false],
    );
    const included = block.transactions.map((hash) => hash.toLowerCase() as Hex);
    const foreign = included.filter((hash) => !sent.has(hash));
    if (foreign.length > 0) throw new UnsequencedTransactionError(input.height, 'block', foreign);
    const left = [...sent].filter((hash) => !included.includes(hash as Hex));
    if (left.length > 0) {
      // Accepted but not includable in this block (a fee cap under the base fee): it must not leak into the next.
      await this.engine.call('anvil_dropAllTransactions');
      for (const hash of left) skip(hash as Hex, 'not includable in the block (fee cap under the base fee)');
    }
    const l2Block = Number(block.number);
    this.onExecuted?.({ height: input.height, l2Block, blockHash: block.hash, included, skipped });
    const executed = included.length;
    return { height: input.height, l2Block, stateRoot: block.stateRoot, executed, skipped: skipped.length };
  }

  /** Empties the engine's pool before a height: anything in it came from no sequenced height. */
  private async dropUnsequenced(height: number): Promise<void> {
    const strangers = await this.poolHashes();
    if (strangers.length === 0) return;
    await this.engine.call('anvil_dropAllTransactions');
    this.metrics?.unsequencedDropped.inc(strangers.length);
    this.log.warn('unsequenced transactions in the engine pool, dropped', { height, hashes: strangers.slice(0, 8) });
  }

  /** The hashes (lower case) of every transaction in the engine's pool, pending or queued. */
  private async poolHashes(): Promise<string[]> {
    type Pool = Record<string, Record<string, { hash: Hex }>>;
    const content = await this.engine.call<{ pending: Pool; queued: Pool }>('txpool_content');
    return [content.pending, content.queued].flatMap((pool) =>
      Object.values(pool ?? {}).flatMap((byNonce) => Object.values(byNonce).map((tx) => tx.hash.toLowerCase())),
    );
  }
}
