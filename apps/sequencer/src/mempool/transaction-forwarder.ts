import type { Transaction } from '@hotshot/protocol';
import type { NodeMessage } from '../network/node-message';

/** How many upcoming leaders receive each forwarded transaction. */
export const FORWARD_TO_LEADERS = 2;

/**
 * Forwards transactions accepted through this node's API to the next leaders, batched per event-loop turn so a
 * burst of submissions becomes one message per leader. The node keeps its own copy, so a transaction still gets
 * in when those leaders fail: at the latest when this node leads.
 */
export class TransactionForwarder {
  private batch: Transaction[] = [];
  private scheduled = false;

  constructor(
    private readonly self: number,
    private readonly size: number,
    private readonly currentView: () => number,
    private readonly send: (to: number, message: NodeMessage) => void,
    private readonly maxBatch: number,
  ) {}

  /** Queues `tx` for the next flush. */
  forward(tx: Transaction): void {
    this.batch.push(tx);
    if (this.batch.length >= this.maxBatch) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** The leaders of the next views, excluding this node. */
  upcomingLeaders(): number[] {
    const leaders = new Set<number>();
    const view = this.currentView();
    for (
      let v = view + 1;
      leaders.size < Math.min(FORWARD_TO_LEADERS, this.size - 1) && v < view + 1 + this.size;
      v++
    ) {
      const leader = v % this.size;
      if (leader !== this.self) leaders.add(leader);
    }
    return [...leaders];
  }

  private flush(): void {
    this.scheduled = false;
    if (this.batch.length === 0) return;
    const transactions = this.batch;
    this.batch = [];
    for (const leader of this.upcomingLeaders()) this.send(leader, { kind: 'transactions', transactions });
  }
}
