import type { Hex } from 'viem';
import { GENESIS_ACC_INPUT_HASH, accumulateInput } from '@hotshot/l1';
import { ExecutionOrderError } from '../errors';

/** One executed HotShot height: the L2 block it became, the state after it, and the rollup's input hash so far. */
export interface ExecutedRecord {
  readonly height: number;
  readonly l2Block: number;
  readonly stateRoot: Hex;
  /** What ZkEvmRollup.accInputHashes holds at this height once L1 sequences the same inputs. */
  readonly accInputHash: Hex;
}

/**
 * The heights this node has executed, in order from the rollup's start height, with the accumulated input hash the
 * rollup contract computes over the same heights. Records are kept until L1 has reconciled them; the reconciler
 * forgets the ones it no longer needs.
 */
export class ExecutedChain {
  private acc: Hex = GENESIS_ACC_INPUT_HASH;
  private readonly records = new Map<number, ExecutedRecord>();
  private last?: ExecutedRecord;

  constructor(readonly startHeight: number) {}

  /** The next height to execute. */
  get next(): number {
    return this.last ? this.last.height + 1 : this.startHeight;
  }

  /** The last executed height's record, if any. */
  get tip(): ExecutedRecord | undefined {
    return this.last;
  }

  /** Records `height` as executed; heights must come in order without gaps. */
  record(
    height: number,
    inputs: { headerCommitment: Hex; payloadHash: Hex },
    result: { l2Block: number; stateRoot: Hex },
  ): ExecutedRecord {
    if (height !== this.next) throw new ExecutionOrderError(this.next, height);
    this.acc = accumulateInput(this.acc, height, inputs.headerCommitment, inputs.payloadHash);
    const record = { height, l2Block: result.l2Block, stateRoot: result.stateRoot, accInputHash: this.acc };
    this.records.set(height, record);
    this.last = record;
    return record;
  }

  /** The record of `height`, unless it was never executed or has been forgotten. */
  at(height: number): ExecutedRecord | undefined {
    return this.records.get(height);
  }

  /** Drops the records of heights `from..to` (inclusive). */
  forget(from: number, to: number): void {
    for (let height = from; height <= to; height++) this.records.delete(height);
  }

  /** Drops every record below `height`. */
  forgetBelow(height: number): void {
    for (const key of this.records.keys()) if (key < height) this.records.delete(key);
  }

  /** How many records are held (for the memory bound's test). */
  get size(): number {
    return this.records.size;
  }
}
