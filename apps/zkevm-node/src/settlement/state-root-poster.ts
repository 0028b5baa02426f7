import type { Address, Hex, PublicClient } from 'viem';
import { ContractRevertError, zkEvmRollupAbi, type ContractWriter } from '@hotshot/l1';
import type { Logger } from '@hotshot/telemetry';
import type { ExecutedRecord } from '../execution/executed-chain';

/** What a phase III node needs to settle its state roots. */
export interface StateRootPosterOptions {
  readonly l1: PublicClient;
  readonly writer: ContractWriter;
  readonly rollup: Address;
  readonly log: Logger;
  /** The proof passed to the verifier; the demo's MockVerifier accepts any. */
  readonly proof?: Hex;
  /** Most gas one verifyBatches may need. Default 1,000,000. */
  readonly gasBudget?: bigint;
}

/**
 * Phase III settlement: posts the node's state root at a range L1 has confirmed with `verifyBatches`, so L1's
 * verified state is the one this node computed. A height another poster verified first is passed over.
 */
export class StateRootPoster {
  /** The highest height this poster knows L1 verified. */
  verifiedHeight = 0;

  constructor(private readonly options: StateRootPosterOptions) {}

  /** Verifies up to `record` unless L1 already has it; returns whether this call moved L1's verified height. */
  async post(record: ExecutedRecord): Promise<boolean> {
    if (record.height <= this.verifiedHeight) return false;
    const { l1, rollup } = this.options;
    this.verifiedHeight = Number(
      await l1.readContract({ address: rollup, abi: zkEvmRollupAbi, functionName: 'verifiedHeight' }),
    );
    if (record.height <= this.verifiedHeight) return false;
    try {
      const sent = await this.options.writer.send({
        address: rollup,
        abi: zkEvmRollupAbi,
        functionName: 'verifyBatches',
        args: [BigInt(record.height), record.stateRoot, this.options.proof ?? '0x'],
        gasBudget: this.options.gasBudget ?? 1_000_000n,
      });
      this.verifiedHeight = record.height;
      this.options.log.info('state root posted', {
        upTo: record.height,
        l2Block: record.l2Block,
        stateRoot: record.stateRoot,
        gasUsed: sent.receipt.gasUsed,
        transactionHash: sent.hash,
      });
      return true;
    } catch (error) {
      // Someone verified the same or a later height between the read and the estimate: nothing left to do.
      if (error instanceof ContractRevertError && error.errorName === 'AlreadyVerified') return false;
      throw error;
    }
  }
}
