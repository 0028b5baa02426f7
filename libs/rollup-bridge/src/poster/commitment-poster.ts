import type { Address } from 'viem';
import type { Bytes32 } from '@hotshot/protocol';
import type { CertifiedHeader, SequencerApiClient } from '@hotshot/sequencer-api';
import { sleep, type Logger } from '@hotshot/telemetry';
import { ContractWriter, hotShotAbi, toNewBlocksArgs, type L1Clients } from '@hotshot/l1';
import { GasBoundedBatchSize, runWriteRounds } from '../l1-writer/write-rounds';
import { HeaderChainMismatchError, assertContinues, postingTarget } from './poster-plan';

/** What the commitment poster does and where. */
export interface CommitmentPosterOptions {
  readonly api: SequencerApiClient;
  readonly l1: L1Clients;
  readonly hotShot: Address;
  readonly log: Logger;
  /** Most headers per `newBlocks`; shrinks by itself while a call exceeds the gas budget. Default 200. */
  readonly maxHeaders?: number;
  /** Most gas one `newBlocks` may need. Default 10,000,000. */
  readonly gasBudget?: bigint;
  /** How often to look for a new certificate when there is nothing to post. Default 1,000 ms. */
  readonly pollIntervalMs?: number;
  /** Called after each successful post (metrics). */
  readonly onPosted?: (posted: PostedRange) => void;
  /** Called after each failed attempt (metrics). */
  readonly onFailure?: (error: unknown) => void;
}

/** One mined `newBlocks`. */
export interface PostedRange {
  readonly from: number;
  readonly to: number;
  readonly gasUsed: bigint;
  readonly transactionHash: string;
}

/**
 * Puts the sequencer network's decided headers on L1 (DESIGN.md 7): reads `HotShot.blockHeight()`, takes the
 * headers from there up to a height the network has a finality certificate for, and calls `newBlocks` with them
 * and that certificate. L1 is the only state it keeps, so it resumes from `blockHeight()` after a restart; it
 * waits for its own pending transactions before reading it and estimates each call before sending, so it never
 * sends a height twice (nor a call that would revert). Failures are retried with back-off.
 */
export class CommitmentPoster {
  private readonly writer: ContractWriter;
  private readonly maxHeaders: GasBoundedBatchSize;
  /** HotShot.sol's height as last read or posted. */
  l1Height = 0;
  /** Whether a round has completed (L1 and the node both answered). */
  ready = false;

  constructor(private readonly options: CommitmentPosterOptions) {
    this.writer = new ContractWriter(options.l1);
    this.maxHeaders = new GasBoundedBatchSize(options.maxHeaders ?? 200);
  }

  /** Posts until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    await runWriteRounds(signal, {
      round: async () => {
        const posted = await this.postOnce(signal);
        this.ready = true;
        if (!posted) await sleep(this.options.pollIntervalMs ?? 1000, signal);
      },
      // Fewer headers per call: certificates exist at most heights, so a lower target is close by.
      batch: this.maxHeaders,
      log: this.options.log,
      shrinkMessage: 'newBlocks over the gas budget: fewer headers per call',
      batchField: 'maxHeaders',
      failureMessage: 'posting failed; retrying',
      functionName: () => 'newBlocks',
      // Does not heal by retrying: a person must point the poster at the right network.
      needsPerson: (error) => error instanceof HeaderChainMismatchError,
      onFailure: this.options.onFailure,
    });
  }

  /** One round: posts the next batch if there is one; returns whether it posted. */
  async postOnce(signal: AbortSignal): Promise<boolean> {
    await this.writer.settle(signal);
    const { publicClient } = this.options.l1;
    const l1Height = Number(
      await publicClient.readContract({ address: this.options.hotShot, abi: hotShotAbi, functionName: 'blockHeight' }),
    );
    this.l1Height = l1Height;
    const latest = await this.options.api.latestCertificate();
    if (!latest) return false;
    const target = postingTarget(l1Height, latest.certificate.height, this.maxHeaders.current);
    if (target === undefined) return false;
    const certified =
      target === latest.certificate.height ? latest : await this.certifiedNear(target, l1Height, latest);
    const to = certified.certificate.height;
    const headers = await this.options.api.headers(l1Height + 1, to);
    headers.push(certified.header);
    const l1Commitment = (await publicClient.readContract({
      address: this.options.hotShot,
      abi: hotShotAbi,
      functionName: 'commitments',
      args: [BigInt(l1Height)],
    })) as Bytes32;
    assertContinues(l1Commitment, headers);
    const sent = await this.writer.send({
      address: this.options.hotShot,
      abi: hotShotAbi,
      functionName: 'newBlocks',
      args: toNewBlocksArgs(headers, certified.certificate),
      gasBudget: this.options.gasBudget ?? 10_000_000n,
    });
    const posted: PostedRange = { from: l1Height + 1, to, gasUsed: sent.receipt.gasUsed, transactionHash: sent.hash };
    this.l1Height = to;
    this.options.log.info('posted headers', {
      ...posted,
      headers: headers.length,
      signers: certified.certificate.certificate.signers,
      l1Block: sent.receipt.blockNumber,
    });
    this.options.onPosted?.(posted);
    this.maxHeaders.grow();
    return true;
  }

  /**
   * The certificate of the highest height in (l1Height, target] that has one, else of the lowest above `target`
   * (up to `latest`, which has one): a batch may then exceed maxHeaders, and the gas check decides.
   */
  private async certifiedNear(target: number, l1Height: number, latest: CertifiedHeader): Promise<CertifiedHeader> {
    for (let height = target; height > l1Height; height--) {
      const certified = await this.options.api.certificate(height);
      if (certified) return certified;
    }
    for (let height = target + 1; height < latest.certificate.height; height++) {
      const certified = await this.options.api.certificate(height);
      if (certified) return certified;
    }
    return latest;
  }
}
