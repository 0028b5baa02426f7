import type { PublicClient } from 'viem';
import { zkEvmRollupAbi, type Deployment } from '@hotshot/l1';
import type { RollupEvent } from './l1-reconciler';

// An L1 node caps the blocks one eth_getLogs may span; this stays under the common limits.
const MAX_BLOCKS_PER_READ = 5_000n;

/** Reads the rollup contract's sequencing and verification events from L1, from the deployment on, once each. */
export class RollupEventReader {
  private fromBlock: bigint;

  constructor(
    private readonly l1: PublicClient,
    private readonly deployment: Deployment,
  ) {
    this.fromBlock = BigInt(deployment.deployedAtBlock);
  }

  /** The events L1 emitted since the last call, in order (empty when none). */
  async read(): Promise<RollupEvent[]> {
    const latest = await this.l1.getBlockNumber();
    if (latest < this.fromBlock) return [];
    const toBlock = latest - this.fromBlock >= MAX_BLOCKS_PER_READ ? this.fromBlock + MAX_BLOCKS_PER_READ - 1n : latest;
    const logs = await this.l1.getContractEvents({
      address: this.deployment.rollup,
      abi: zkEvmRollupAbi,
      fromBlock: this.fromBlock,
      toBlock,
    });
    const events: RollupEvent[] = [];
    for (const log of logs) {
      const transactionHash = log.transactionHash;
      if (log.eventName === 'BatchesSequenced' || log.eventName === 'BatchCommitmentsSequenced') {
        const { fromHeight, toHeight, accInputHash } = log.args;
        events.push({
          kind: 'sequenced',
          from: Number(fromHeight),
          to: Number(toHeight),
          accInputHash: accInputHash!,
          transactionHash,
        });
      } else if (log.eventName === 'BatchesVerified') {
        events.push({
          kind: 'verified',
          upTo: Number(log.args.upToHeight),
          stateRoot: log.args.stateRoot!,
          transactionHash,
        });
      }
    }
    this.fromBlock = toBlock + 1n;
    return events;
  }
}
