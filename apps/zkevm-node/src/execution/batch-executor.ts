import type { Address, Hex } from 'viem';
import type { Logger } from '@hotshot/telemetry';
import type { EngineClient } from '../engine/engine-client';
import { EngineRpcError } from '../errors';
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

/**
 * Executes the rollup's heights on the engine, one L2 block per HotShot height stamped with the header's time in
 * seconds. Invalid transactions are decided before sending, from the bytes and the state before the height, so every
 * node skips the same ones.
 */
export class BatchExecutor {
  private lastTimestamp = 0;

  constructor(
    private readonly engine: EngineClient,
    private readonly chainId: number,
    private readonly log: Logger,
  ) {}

  async execute(input: RollupHeight): Promise<ExecutedHeight> {
    const checks = await Promise.all(input.transactions.map((raw) => decodeRollupTransaction(raw, this.chainId)));
    const planned = await planHeight(checks, async (from: Address) =>
      Number(await this.engine.call<Hex>('eth_getTransactionCount', [from, 'latest'])),
    );
    let executed = 0;
    let skipped = 0;
    const skip = (hash: Hex, reason: string): void => {
      skipped++;
      this.log.warn('rollup transaction skipped', { height: input.height, hash, reason });
    };
    // HotShot timestamps never decrease, but several heights can fall in one second.
    this.lastTimestamp = Math.max(this.lastTimestamp, Math.floor(input.timestampMs / 1000));
    await this.engine.call('anvil_setNextBlockTimestamp', [this.lastTimestamp]);
    for (const tx of planned) {
      if (!tx.ok) {
        skip(tx.hash, tx.reason);
        continue;
      }
      try {
        await this.engine.call('eth_sendRawTransaction', [tx.raw]);
        executed++;
      } catch (error) {
        // The engine's own checks against state (funds, intrinsic gas, fee cap): as deterministic as the state.
        if (!(error instanceof EngineRpcError)) throw error;
        skip(tx.hash, error.shortMessage);
      }
    }
    await this.engine.call('evm_mine', []);
    const pool = await this.engine.call<{ pending: Hex; queued: Hex }>('txpool_status');
    const left = Number(pool.pending) + Number(pool.queued);
    if (left > 0) {
      // Accepted but not includable in this block (a fee cap under the base fee): it must not leak into the next.
      await this.engine.call('anvil_dropAllTransactions');
      executed -= left;
      skipped += left;
      this.log.warn('rollup transactions not included, dropped', { height: input.height, count: left });
    }
    const block = await this.engine.call<{ number: Hex; stateRoot: Hex }>('eth_getBlockByNumber', ['latest', false]);
    return { height: input.height, l2Block: Number(block.number), stateRoot: block.stateRoot, executed, skipped };
  }
}
