import type { ConsensusInput, ProposalReceivedInput } from '@hotshot/consensus';
import type { Logger } from '@hotshot/telemetry';
import type { Counter, Gauge } from 'prom-client';
import type { L1HeadView } from './l1-head-watcher';

/** Proposals held at once by default; a flood of future l1Heads evicts among these, never grows memory. */
export const DEFAULT_MAX_HELD_PROPOSALS = 4;

/** The gate's metrics (NodeMetrics holds them). */
export interface L1HeadGateMetrics {
  /** Proposals held now. */
  readonly l1HeldProposals: Gauge;
  /** Proposals dropped, by reason: grace_expired, held_full (evicted or not taken), same_view. */
  readonly l1RefusedProposals: Counter<'reason'>;
}

/** What the gate needs. */
export interface L1HeadGateOptions {
  /** This node's L1 view (the watcher). */
  readonly l1: L1HeadView;
  /** How long a proposal waits for the L1 view to reach its l1Head before it is dropped, in ms. */
  readonly graceMs: number;
  /** Most proposals held at once; default DEFAULT_MAX_HELD_PROPOSALS. */
  readonly maxHeld?: number;
  /** Whether `sender` leads `view`: only the leader's proposals are held, the core blames any other sender. */
  readonly isLeader: (sender: number, view: number) => boolean;
  /** Where inputs go on (the consensus driver's queue). */
  readonly deliver: (input: ConsensusInput) => void;
  readonly metrics: L1HeadGateMetrics;
  readonly log: Logger;
  /** Wall clock in ms; default Date.now. */
  readonly clock?: () => number;
}

interface Held {
  readonly input: ProposalReceivedInput;
  readonly l1Head: number;
  readonly deadline: number;
}

/**
 * The replica half of issue 18's L1 rule, in the shell because it depends on this node's own L1 view: a proposal
 * whose header names an l1Head above the highest finalized L1 block this node has seen is held back from the
 * consensus core until the watcher reaches it (then it goes on, stamped with the time it goes on) or the grace
 * period passes (then it is dropped with a log line and counted, so this node does not vote for a block naming
 * an L1 block it cannot confirm). Everything else goes straight on. The core itself refuses an l1Head that goes
 * backwards.
 *
 * Bounded: at most `maxHeld` proposals, one per view, only from the view's leader; when full, the lowest view
 * gives way to a higher one, so a flood of future l1Heads costs a few payloads of memory, never more.
 */
export class L1HeadGate {
  private readonly held = new Map<number, Held>();
  private readonly maxHeld: number;
  private readonly clock: () => number;
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  private stopped = false;

  constructor(private readonly options: L1HeadGateOptions) {
    this.maxHeld = options.maxHeld ?? DEFAULT_MAX_HELD_PROPOSALS;
    this.clock = options.clock ?? Date.now;
    this.unsubscribe = options.l1.onAdvance((head) => this.release(head));
  }

  /** Passes `input` on, or holds it when it is a proposal whose l1Head this node's L1 view has not reached. */
  admit(input: ConsensusInput): void {
    if (input.kind !== 'ProposalReceived' || this.stopped) return this.options.deliver(input);
    const { leaf, sender } = input.message;
    const l1Head = leaf.header.l1Head;
    // Block 0 (genesis) is known without an L1 answer. A malformed l1Head goes on for the core to reject.
    if (!Number.isSafeInteger(l1Head) || l1Head <= (this.options.l1.head ?? 0)) return this.options.deliver(input);
    if (!this.options.isLeader(sender, leaf.view)) return this.options.deliver(input);
    const view = leaf.view;
    if (this.held.has(view)) return this.refuse(input, 'same_view');
    if (this.held.size >= this.maxHeld) {
      const lowest = Math.min(...this.held.keys());
      if (view < lowest) return this.refuse(input, 'held_full');
      this.refuse(this.held.get(lowest)!.input, 'held_full');
      this.held.delete(lowest);
    }
    this.held.set(view, { input, l1Head, deadline: this.clock() + this.options.graceMs });
    // The leader's view is usually only a poll ahead of ours: read L1 now rather than hold the view that long.
    this.options.l1.refresh();
    this.options.log.info('proposal held until L1 finalizes its l1Head', {
      view,
      sender,
      l1Head,
      l1View: this.options.l1.head ?? null,
    });
    this.changed();
  }

  /** Proposals held now. */
  get size(): number {
    return this.held.size;
  }

  /** Stops the grace timer and the watcher subscription; what is held is dropped unread, and nothing more held. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.unsubscribe();
    this.held.clear();
    this.options.metrics.l1HeldProposals.set(0);
  }

  /** The L1 view rose to `head`: proposals at or below it go on, lowest view first. */
  private release(head: number): void {
    const ready = [...this.held].filter(([, held]) => held.l1Head <= head).sort(([a], [b]) => a - b);
    if (ready.length === 0) return;
    for (const [view] of ready) this.held.delete(view);
    this.changed();
    const nowMs = this.clock();
    for (const [, held] of ready) this.options.deliver({ ...held.input, nowMs });
  }

  /** Drops the proposals whose grace period has passed. */
  private expire(): void {
    this.timer = undefined;
    const nowMs = this.clock();
    for (const [view, held] of this.held) {
      if (held.deadline > nowMs) continue;
      this.held.delete(view);
      this.refuse(held.input, 'grace_expired');
    }
    this.changed();
  }

  private refuse(input: ProposalReceivedInput, reason: 'grace_expired' | 'held_full' | 'same_view'): void {
    const { leaf, sender } = input.message;
    this.options.metrics.l1RefusedProposals.inc({ reason });
    this.options.log.warn('proposal dropped: its l1Head is not finalized in the local L1 view', {
      view: leaf.view,
      sender,
      l1Head: leaf.header.l1Head,
      l1View: this.options.l1.head ?? null,
      reason,
      graceMs: this.options.graceMs,
    });
  }

  /** Updates the gauge and arms the timer for the earliest deadline. */
  private changed(): void {
    this.options.metrics.l1HeldProposals.set(this.held.size);
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.held.size === 0) return;
    const deadline = Math.min(...[...this.held.values()].map((held) => held.deadline));
    this.timer = setTimeout(() => this.expire(), Math.max(0, deadline - this.clock()));
    this.timer.unref();
  }
}
