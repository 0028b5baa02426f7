import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { DecidedBlock } from '@hotshot/storage';
import { DECIDE_FEED, type DecideFeed } from '../api-ports';

/** One decided block as the dashboard charts it. */
export interface DecideSample {
  readonly height: number;
  readonly view: number;
  /** The leader's proposal time (the header's timestamp), in ms. */
  readonly proposedAtMs: number;
  /** When this node stored the decide, in ms. */
  readonly decidedAtMs: number;
  readonly txs: number;
  /** Payload bytes. */
  readonly bytes: number;
}

/** The last vote of one member that this node saw in a decided certificate. */
export interface MemberVote {
  readonly view: number;
  readonly atMs: number;
}

/** How long decides are kept for the charts, in ms (10 minutes). */
export const DECIDE_WINDOW_MS = 10 * 60_000;
/** Most decides kept, whatever their age. */
const MAX_SAMPLES = 4096;

/**
 * The last minutes of decides, followed from the decide feed: per block its view, proposal and decide times,
 * transactions and bytes; and per member the newest view in which a decided certificate carries its signature.
 */
@Injectable()
export class DecideWindow implements OnModuleInit, OnModuleDestroy {
  private readonly samples: DecideSample[] = [];
  private readonly votes = new Map<number, MemberVote>();
  private unsubscribe?: () => void;

  constructor(@Inject(DECIDE_FEED) private readonly feed: DecideFeed) {}

  onModuleInit(): void {
    this.unsubscribe = this.feed.subscribe((blocks) => this.record(blocks));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Adds decided blocks stored at `now` (ms); the feed's listener, which never throws and returns at once. */
  record(blocks: readonly DecidedBlock[], now = Date.now()): void {
    for (const block of blocks) {
      const { header, justifyQc } = block.leaf;
      const last = this.samples.at(-1);
      if (last && header.height <= last.height) continue;
      const txs = block.payload?.namespaceTable.reduce((sum, entry) => sum + entry.txCount, 0) ?? 0;
      this.samples.push({
        height: header.height,
        view: block.leaf.view,
        proposedAtMs: header.timestamp,
        decidedAtMs: now,
        txs,
        bytes: header.payloadSize,
      });
      for (const qc of [justifyQc, block.decidingQc]) {
        if (qc) this.noteSigners(qc.certificate.signers, qc.view, now);
      }
    }
    const cutoff = now - DECIDE_WINDOW_MS;
    let drop = 0;
    while (drop < this.samples.length && this.samples[drop]!.decidedAtMs < cutoff) drop++;
    drop = Math.max(drop, this.samples.length - MAX_SAMPLES);
    if (drop > 0) this.samples.splice(0, drop);
  }

  /** Decides of the window, oldest first. */
  recent(): readonly DecideSample[] {
    return this.samples;
  }

  /** The newest vote seen from member `index`, if any. */
  lastVote(index: number): MemberVote | undefined {
    return this.votes.get(index);
  }

  // Signer bitmap: bit i of byte floor(i/8), least significant first, over stake-table order.
  private noteSigners(signers: Uint8Array, view: number, now: number): void {
    for (let byte = 0; byte < signers.length; byte++) {
      const bits = signers[byte]!;
      if (bits === 0) continue;
      for (let bit = 0; bit < 8; bit++) {
        if ((bits & (1 << bit)) === 0) continue;
        const index = byte * 8 + bit;
        const previous = this.votes.get(index);
        if (!previous || previous.view < view) this.votes.set(index, { view, atMs: now });
      }
    }
  }
}
