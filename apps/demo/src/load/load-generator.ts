import { randomBytes } from 'node:crypto';
import { transactionHash } from '@hotshot/protocol';
import { errorLogFields } from '@hotshot/l1';
import { NamespaceFollower, SequencerApiClient } from '@hotshot/sequencer-api';
import { sleep, type Logger } from '@hotshot/telemetry';
import { LatencyStats } from './latency-stats';
import { LOAD_PROGRESS_MSG } from './load-progress';
import { LOAD_SENDER_INDICES, RollupSender } from './rollup-transactions';

/** What the load generator submits, where, and how fast. */
export interface LoadOptions {
  readonly sequencerUrls: readonly string[];
  readonly namespace: number;
  /** Rollup transactions per second. */
  readonly rate: number;
  readonly otherNamespaces: readonly number[];
  /** Transactions per second spread over the other namespaces. */
  readonly otherRate: number;
  readonly rollupChainId: number;
  /** Milliseconds between progress lines. */
  readonly reportEveryMs: number;
  readonly log: Logger;
  /** Most submissions in flight at once. */
  readonly maxInFlight?: number;
  /** The accounts rollup transactions come from; default anvil's accounts LOAD_SENDER_INDICES on rollupChainId. */
  readonly senders?: readonly RollupSender[];
}

/** Counters of a load run, as the progress lines report them. */
export interface LoadProgress {
  submitted: number;
  rejected: number;
  decided: number;
  /** Decided rollup transactions the rollup executes, and those it skips (a nonce out of turn), by replay. */
  executed: number;
  skipped: number;
  otherSubmitted: number;
}

/** A rollup transaction submitted and not yet seen decided. */
interface PendingTransaction {
  readonly submittedAt: number;
  readonly sender: RollupSender;
  readonly nonce: number;
  readonly epoch: number;
}

/** A sender with the node it submits through and the queue that keeps its submissions in nonce order. */
interface SenderLane {
  readonly sender: RollupSender;
  readonly client: SequencerApiClient;
  queue: Promise<void>;
}

/**
 * Submits signed rollup transactions (and opaque ones to other namespaces) at a steady rate, round robin over the
 * sequencer nodes, and measures each rollup transaction's latency from submission until it is seen decided on the
 * first node's block stream. Rollup transactions come from a few accounts funded on the L2, each submitting through
 * one node, one after another, so the rollup can execute them in nonce order; the decided chain tells each sender
 * what the rollup executed (RollupSender.decided). Logs a progress line every `reportEveryMs` and a final one when
 * stopped.
 */
export class LoadGenerator {
  private readonly clients: SequencerApiClient[];
  private readonly lanes: SenderLane[];
  private readonly pending = new Map<string, PendingTransaction>();
  private readonly latency = new LatencyStats();
  private readonly progress: LoadProgress = {
    submitted: 0,
    rejected: 0,
    decided: 0,
    executed: 0,
    skipped: 0,
    otherSubmitted: 0,
  };
  private inFlight = 0;
  private turn = 0;
  private laneTurn = 0;

  constructor(private readonly options: LoadOptions) {
    this.clients = options.sequencerUrls.map((url) => new SequencerApiClient(url, 5000));
    const senders =
      options.senders ?? LOAD_SENDER_INDICES.map((index) => RollupSender.anvilAccount(index, options.rollupChainId));
    this.lanes = senders.map((sender, i) => ({
      sender,
      client: this.clients[i % this.clients.length]!,
      queue: Promise.resolve(),
    }));
  }

  /** Runs until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const { log } = this.options;
    const from = await this.startHeight(signal);
    const follower = new NamespaceFollower({
      api: this.clients[0]!,
      namespace: this.options.namespace,
      from,
      log: log.child({ module: 'follower' }),
    });
    follower.start(signal);
    const started = Date.now();
    let lastReport = started;
    const sent = { rollup: 0, other: 0 };
    log.info('load started', { from, rate: this.options.rate, otherRate: this.options.otherRate });
    while (!signal.aborted) {
      const now = Date.now();
      const elapsedSeconds = (now - started) / 1000;
      const due = {
        rollup: Math.floor(this.options.rate * elapsedSeconds),
        other: Math.floor(this.options.otherRate * elapsedSeconds),
      };
      const maxInFlight = this.options.maxInFlight ?? 64;
      while (sent.rollup < due.rollup && this.inFlight < maxInFlight) {
        sent.rollup += 1;
        this.submitRollup();
      }
      while (sent.other < due.other && this.inFlight < maxInFlight) {
        sent.other += 1;
        void this.submitOther(sent.other);
      }
      for (const block of follower.take()) this.observe(block.transactions, Date.now());
      if (now - lastReport >= this.options.reportEveryMs) {
        lastReport = now;
        this.report(LOAD_PROGRESS_MSG, now, started);
      }
      await sleep(50, signal);
    }
    await follower.stopped();
    this.report('load stopped', Date.now(), started);
  }

  /** Starts measuring at the current height, waiting for a node to answer. */
  private async startHeight(signal: AbortSignal): Promise<number> {
    for (;;) {
      try {
        return await this.clients[0]!.blockHeight();
      } catch (error) {
        if (signal.aborted) return 0;
        this.options.log.warn('sequencer not reachable yet', errorLogFields(error));
        await sleep(1000, signal);
      }
    }
  }

  /** Queues one rollup transaction on the next sender's lane; it is signed and submitted after that lane's last. */
  private submitRollup(): void {
    const lane = this.lanes[this.laneTurn]!;
    this.laneTurn = (this.laneTurn + 1) % this.lanes.length;
    this.inFlight += 1;
    lane.queue = lane.queue.then(async () => {
      let hash: string | undefined;
      try {
        const tx = await lane.sender.next();
        hash = transactionHash({ namespace: this.options.namespace, payload: tx.payload });
        this.pending.set(hash, { submittedAt: Date.now(), sender: lane.sender, nonce: tx.nonce, epoch: tx.epoch });
        await lane.client.submit(this.options.namespace, tx.payload);
        this.progress.submitted += 1;
      } catch (error) {
        if (hash) this.pending.delete(hash);
        this.progress.rejected += 1;
        this.options.log.warn('submission failed', errorLogFields(error));
      } finally {
        this.inFlight -= 1;
      }
    });
  }

  private async submitOther(sequence: number): Promise<void> {
    const namespaces = this.options.otherNamespaces;
    if (namespaces.length === 0) return;
    this.inFlight += 1;
    try {
      await this.client().submit(namespaces[sequence % namespaces.length]!, new Uint8Array(randomBytes(48)));
      this.progress.otherSubmitted += 1;
    } catch (error) {
      this.options.log.warn('submission failed', errorLogFields(error));
    } finally {
      this.inFlight -= 1;
    }
  }

  private client(): SequencerApiClient {
    this.turn = (this.turn + 1) % this.clients.length;
    return this.clients[this.turn]!;
  }

  private observe(transactions: readonly Uint8Array[], atMs: number): void {
    for (const payload of transactions) {
      const hash = transactionHash({ namespace: this.options.namespace, payload });
      const pending = this.pending.get(hash);
      if (pending === undefined) continue;
      this.pending.delete(hash);
      this.progress.decided += 1;
      this.progress[pending.sender.decided(pending)] += 1;
      this.latency.add(atMs - pending.submittedAt, atMs);
    }
  }

  private report(msg: string, now: number, started: number): void {
    this.options.log.info(msg, {
      ...this.progress,
      pending: this.pending.size,
      p50Ms: this.latency.recentPercentile(50, now),
      p90Ms: this.latency.recentPercentile(90, now),
      p50MsAll: this.latency.percentile(50),
      decidedPerSec: Number((this.progress.decided / Math.max(0.001, (now - started) / 1000)).toFixed(2)),
    });
  }
}
