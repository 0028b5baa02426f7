import type { Transaction } from '@hotshot/protocol';
import type { NodeMessage } from '../network/node-message';

/** How many upcoming leaders receive each forwarded transaction. */
export const FORWARD_TO_LEADERS = 2;

/** What the forwarder needs. */
export interface TransactionForwarderOptions {
  readonly self: number;
  /** Number of nodes in the network. */
  readonly size: number;
  /** The consensus core's leader schedule (ConsensusContext.leaders): view v is led by `leaders[v mod length]`. */
  readonly leaders: readonly number[];
  /** This node's current view; the leaders of the views after it receive the transactions. */
  readonly currentView: () => number;
  /**
   * Whether the current view's leader should receive them too: true while it has not proposed and the chain is
   * idle, when it may be holding an empty block back (ConsensusDriver's emptyBlockIntervalMs) and a transaction
   * would end its wait.
   */
  readonly currentLeaderMayWait?: () => boolean;
  /** Sends one message to several peers; the network encodes it once for all of them. */
  readonly sendToEach: (to: readonly number[], message: NodeMessage) => void;
  /** Transactions per message: a batch this large is sent at once, a smaller one at the end of the tick. */
  readonly maxBatch: number;
}

/**
 * Forwards transactions accepted through this node's API to the next leaders, batched per event-loop turn so a
 * burst of submissions becomes one message per leader. The node keeps its own copy, so a transaction still gets
 * in when those leaders fail: at the latest when this node leads.
 */
export class TransactionForwarder {
  private batch: Transaction[] = [];
  private scheduled = false;

  constructor(private readonly options: TransactionForwarderOptions) {}

  /** Queues `tx` for the next flush. */
  forward(tx: Transaction): void {
    this.batch.push(tx);
    if (this.batch.length >= this.options.maxBatch) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** The leaders of the next views (and of the current one while it may be waiting), excluding this node. */
  upcomingLeaders(): number[] {
    const { self, size, leaders: schedule } = this.options;
    const leaders = new Set<number>();
    const view = this.options.currentView();
    const current = schedule[view % schedule.length]!;
    if (current !== self && this.options.currentLeaderMayWait?.()) leaders.add(current);
    const wanted = Math.min(leaders.size + FORWARD_TO_LEADERS, size - 1);
    // One period of the schedule names every member that ever leads.
    for (let v = view + 1; leaders.size < wanted && v <= view + schedule.length; v++) {
      const leader = schedule[v % schedule.length]!;
      if (leader !== self) leaders.add(leader);
    }
    return [...leaders];
  }

  private flush(): void {
    this.scheduled = false;
    if (this.batch.length === 0) return;
    const transactions = this.batch;
    this.batch = [];
    this.options.sendToEach(this.upcomingLeaders(), { kind: 'transactions', transactions });
  }
}
