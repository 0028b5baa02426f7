import { SchemaError } from '@hotshot/protocol';
import type { ChainLedger, ForkRecord } from './chain-ledger';
import { ApiStatusError, type NodeApi } from './node-api';

/** What the auditor needs from the network: each node's API and whether its process runs. */
export interface AuditedNetwork {
  readonly size: number;
  api(index: number): NodeApi;
  isUp(index: number): boolean;
}

/** Most heights one range request asks for (the API's limit). */
const RANGE = 100;
/** Range requests per node per poll, so a node resyncing thousands of heights does not stall the audit. */
const RANGES_PER_POLL = 4;

/**
 * Follows every running node's decided chain through its API and feeds the ledger: each node's header commitment
 * at each height (forks), and once per height the block's transactions (exactly-once accounting). Runs in the
 * background during the whole session, so a fork is seen even if a node later loses the data that showed it.
 */
export class ChainAuditor {
  /** Next height to read from each node. */
  private readonly cursors: number[];
  /** Last block height each node answered. */
  readonly heights: (number | undefined)[];
  /** Heights where a node answered lower than before without a wipe (informational: it re-decides them). */
  readonly regressions: { node: number; from: number; to: number; atMs: number }[] = [];
  /** Answers that broke the API's schema (first per node and route): a finding, never skipped in silence. */
  readonly malformedAnswers: string[] = [];
  private rotation = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly net: AuditedNetwork,
    private readonly ledger: ChainLedger,
    private readonly onFork: (fork: ForkRecord) => void,
  ) {
    this.cursors = Array.from({ length: net.size }, () => 1);
    this.heights = Array.from({ length: net.size }, () => undefined);
  }

  /** Polls every `intervalMs` until stopped. */
  start(intervalMs = 1000): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.poll().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Forgets what node `index` served: after its data was wiped it is read again from the start. */
  resetNode(index: number): void {
    this.cursors[index] = 1;
    this.heights[index] = undefined;
  }

  /** One pass over every running node, then the blocks not read yet. */
  async poll(): Promise<void> {
    await Promise.all(
      Array.from({ length: this.net.size }, (_, i) => i)
        .filter((i) => this.net.isUp(i))
        .map((i) => this.pollNode(i)),
    );
    await this.readBlocks();
  }

  /**
   * Polls until every height that all running nodes have decided has its block read, or `timeoutMs` passes;
   * returns the heights still unread (blocks whose payload no running node serves).
   */
  async drain(timeoutMs: number): Promise<number[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.poll();
      const up = Array.from({ length: this.net.size }, (_, i) => i).filter((i) => this.net.isUp(i));
      // Heights past the slowest node may be deciding right now; the acknowledgement wait covers their contents.
      const settled = Math.min(...up.map((i) => (this.heights[i] ?? 1) - 1));
      const unread = this.ledger.unreadHeights(settled);
      if (unread.length === 0 || Date.now() > deadline) return unread;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  private async pollNode(index: number): Promise<void> {
    const api = this.net.api(index);
    const height = await api.blockHeight();
    if (height === undefined) return;
    const previous = this.heights[index];
    if (previous !== undefined && height < previous) {
      this.regressions.push({ node: index, from: previous, to: height, atMs: Date.now() });
      // Read the heights again: what the node decides anew must match what it served before.
      this.cursors[index] = Math.max(1, height);
    }
    this.heights[index] = height;
    for (let round = 0; round < RANGES_PER_POLL && this.cursors[index]! < height; round++) {
      const from = this.cursors[index]!;
      const until = Math.min(height, from + RANGE);
      let leaves;
      try {
        leaves = await api.leaves(from, until);
      } catch (error) {
        if (error instanceof ApiStatusError && error.status === 410) {
          // Pruned below what the node keeps (a resynced node may start late): read from its earliest height.
          this.cursors[index] = Math.max(from + 1, (await api.earliestHeight().catch(() => undefined)) ?? from + 1);
          continue;
        }
        this.noteMalformed(index, 'leaves', error);
        return;
      }
      if (leaves.length === 0) return;
      for (const leaf of leaves) {
        const fork = this.ledger.recordLeaf(index, leaf.height, leaf.headerCommitment);
        if (fork) this.onFork(fork);
      }
      this.cursors[index] = leaves[leaves.length - 1]!.height + 1;
    }
  }

  /**
   * Reads the blocks of heights not read yet, from each running node in turn (starting at a different one every
   * poll), so a payload one node lacks is taken from another.
   */
  private async readBlocks(): Promise<void> {
    const sources = Array.from({ length: this.net.size }, (_, i) => (i + this.rotation) % this.net.size);
    this.rotation++;
    let requests = 0;
    for (const source of sources) {
      const unread = this.ledger.unreadHeights(this.ledger.highestHeight);
      if (unread.length === 0 || requests >= RANGES_PER_POLL) return;
      if (!this.net.isUp(source)) continue;
      const served = this.heights[source] ?? 0;
      let index = 0;
      while (index < unread.length && unread[index]! < served && requests < RANGES_PER_POLL) {
        const from = unread[index]!;
        const until = Math.min(from + RANGE, served);
        requests++;
        let blocks;
        try {
          blocks = await this.net.api(source).blocks(from, until);
        } catch (error) {
          this.noteMalformed(source, 'blocks', error);
          break;
        }
        for (const block of blocks) {
          if (!block.available || !block.transactions) continue;
          const hashes = block.transactions.map((tx) => tx.hash);
          const fork = this.ledger.recordBlock(source, block.height, block.hash, hashes);
          if (fork) this.onFork(fork);
        }
        while (index < unread.length && unread[index]! < until) index++;
      }
    }
  }

  private noteMalformed(node: number, route: string, error: unknown): void {
    if (!(error instanceof SchemaError)) return;
    const finding = `node ${node} ${route}: ${error.message}`;
    if (!this.malformedAnswers.some((seen) => seen.startsWith(`node ${node} ${route}:`))) {
      this.malformedAnswers.push(finding);
    }
  }
}
