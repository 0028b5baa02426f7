/** Two nodes (or one node twice) reported different header commitments at one height. */
export interface ForkRecord {
  readonly height: number;
  readonly first: { readonly node: number; readonly commitment: string };
  readonly second: { readonly node: number; readonly commitment: string };
}

/**
 * How far back every node is sure to know what was decided: a node that lost its disk warm-starts with this many
 * heights of history (the sequencer's --warm-start-history default), so the same bytes submitted again further
 * apart than this may be sequenced again by such a node (docs/ARCHITECTURE.md: the duplicate horizon).
 */
export const DUPLICATE_HORIZON_HEIGHTS = 256;

/** A submission the API acknowledged. */
export interface Acknowledgement {
  readonly hash: string;
  readonly node: number;
  readonly atMs: number;
}

/** Where the acknowledged transactions ended up. */
export interface TxAccounting {
  readonly acknowledged: number;
  /** Acknowledged and decided exactly once. */
  readonly decidedOnce: number;
  /** Acknowledged once and decided more than once: always a violation. */
  readonly duplicated: readonly { readonly hash: string; readonly heights: readonly number[] }[];
  /**
   * Transactions the suite did not submit (the fuzzers' and replays' payloads, which can repeat) decided at more
   * than one height: the same bytes submitted or replayed again, and sequenced again (DESIGN.md 6 says never twice).
   */
  readonly resequenced: readonly { readonly hash: string; readonly heights: readonly number[] }[];
  /**
   * The same, but each repeat more than DUPLICATE_HORIZON_HEIGHTS after the previous inclusion: past the history a
   * warm-started node keeps, so reported, not a violation.
   */
  readonly resequencedBeyondHorizon: readonly { readonly hash: string; readonly heights: readonly number[] }[];
  /** Never decided although the node that acknowledged it stayed up: a violation. */
  readonly lost: readonly Acknowledgement[];
  /**
   * Never decided, and the acknowledging node stopped (kill -9, SIGTERM, wipe) after acknowledging it: the issue's
   * crashed-before-forwarding case, counted apart. `stoppedAfterMs` is the time from acknowledgement to the stop.
   */
  readonly lostWithStoppedAcker: readonly (Acknowledgement & { readonly stoppedAfterMs: number })[];
  /** Decided transactions the suite did not submit or never saw acknowledged (fuzzers, timed-out submits). */
  readonly decidedUnacknowledged: number;
}

/**
 * The invariant bookkeeping of a fault run, without IO: header commitments by height as every node reported them
 * (one chain, or a fork), the decided transactions by height, and the acknowledgements with the stops of the
 * nodes that gave them.
 */
export class ChainLedger {
  private readonly canonical = new Map<number, { node: number; commitment: string }>();
  private readonly blocksRead = new Set<number>();
  private readonly decidedAt = new Map<string, number[]>();
  private readonly acks = new Map<string, Acknowledgement>();
  private readonly stops = new Map<number, number[]>();
  readonly forks: ForkRecord[] = [];

  /** Records node `node`'s commitment at `height`; returns the fork when it differs from what was seen before. */
  recordLeaf(node: number, height: number, commitment: string): ForkRecord | undefined {
    const known = this.canonical.get(height);
    if (!known) {
      this.canonical.set(height, { node, commitment });
      return undefined;
    }
    if (known.commitment === commitment) return undefined;
    const fork = { height, first: known, second: { node, commitment } };
    this.forks.push(fork);
    return fork;
  }

  /** The commitment every node agreed on at `height` so far. */
  commitmentAt(height: number): string | undefined {
    return this.canonical.get(height)?.commitment;
  }

  /** Highest height any node reported. */
  get highestHeight(): number {
    let max = 0;
    for (const height of this.canonical.keys()) max = Math.max(max, height);
    return max;
  }

  /** Heights in [1, upTo] whose block contents were not read yet. */
  unreadHeights(upTo: number): number[] {
    const out: number[] = [];
    for (let h = 1; h <= upTo; h++) if (!this.blocksRead.has(h) && this.canonical.has(h)) out.push(h);
    return out;
  }

  /**
   * Records the transactions of the block at `height` with header commitment `commitment` (read once per height);
   * a commitment other than the recorded one is a fork, returned, and the block is not counted.
   */
  recordBlock(node: number, height: number, commitment: string, txHashes: readonly string[]): ForkRecord | undefined {
    const fork = this.recordLeaf(node, height, commitment);
    if (fork || this.blocksRead.has(height)) return fork;
    this.blocksRead.add(height);
    for (const hash of txHashes) {
      const heights = this.decidedAt.get(hash);
      if (heights) heights.push(height);
      else this.decidedAt.set(hash, [height]);
    }
    return undefined;
  }

  /** Notes that node `node` acknowledged `hash` at `atMs`. */
  acknowledge(hash: string, node: number, atMs: number): void {
    if (!this.acks.has(hash)) this.acks.set(hash, { hash, node, atMs });
  }

  /** Notes that node `node` stopped (any way that loses its memory) at `atMs`. */
  nodeStopped(node: number, atMs: number): void {
    const list = this.stops.get(node);
    if (list) list.push(atMs);
    else this.stops.set(node, [atMs]);
  }

  /** How many times `hash` was decided so far. */
  decidedCount(hash: string): number {
    return this.decidedAt.get(hash)?.length ?? 0;
  }

  /** Acknowledged transactions not decided yet. */
  undecidedAcknowledged(): Acknowledgement[] {
    return [...this.acks.values()].filter((ack) => !this.decidedAt.has(ack.hash));
  }

  /** The transaction accounting at this moment (call it after the final drain). */
  accounting(): TxAccounting {
    let decidedOnce = 0;
    const duplicated: { hash: string; heights: number[] }[] = [];
    const lost: Acknowledgement[] = [];
    const lostWithStoppedAcker: (Acknowledgement & { stoppedAfterMs: number })[] = [];
    for (const ack of this.acks.values()) {
      const heights = this.decidedAt.get(ack.hash);
      if (heights && heights.length === 1) decidedOnce++;
      else if (heights) duplicated.push({ hash: ack.hash, heights: [...heights] });
      else {
        const stop = (this.stops.get(ack.node) ?? []).find((at) => at >= ack.atMs);
        if (stop === undefined) lost.push(ack);
        else lostWithStoppedAcker.push({ ...ack, stoppedAfterMs: stop - ack.atMs });
      }
    }
    const resequenced: { hash: string; heights: number[] }[] = [];
    const resequencedBeyondHorizon: { hash: string; heights: number[] }[] = [];
    for (const [hash, heights] of this.decidedAt) {
      if (heights.length < 2 || this.acks.has(hash)) continue;
      const sorted = [...heights].sort((a, b) => a - b);
      const withinHorizon = sorted.some((height, i) => i > 0 && height - sorted[i - 1]! <= DUPLICATE_HORIZON_HEIGHTS);
      (withinHorizon ? resequenced : resequencedBeyondHorizon).push({ hash, heights: [...heights] });
    }
    let decidedUnacknowledged = 0;
    for (const hash of this.decidedAt.keys()) if (!this.acks.has(hash)) decidedUnacknowledged++;
    return {
      acknowledged: this.acks.size,
      decidedOnce,
      duplicated,
      resequenced,
      resequencedBeyondHorizon,
      lost,
      lostWithStoppedAcker,
      decidedUnacknowledged,
    };
  }
}
