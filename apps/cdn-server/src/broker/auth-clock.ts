import { StaleTimestampError } from './broker-errors';

/** The longest stall of its own event loop a broker excuses when it judges a timestamp's age. */
export const MAX_EXCUSED_STALL_MS = 30_000;

/**
 * Throws StaleTimestampError unless `timestampMs` is within `maxSkewMs` of `nowMs`, where a timestamp in the past
 * may be older by the broker's own recent event-loop stall as well. A busy broker reads a frame late, after it waited
 * in the socket; without the excuse its own lag counted against the node, and a starved broker refused every member
 * that reconnected (issue 24). Replays stay refused: a key's timestamps must still grow strictly.
 */
export function checkAuthTimestamp(timestampMs: number, nowMs: number, maxSkewMs: number, stallMs = 0): void {
  const excusedMs = Math.min(Math.max(0, stallMs), MAX_EXCUSED_STALL_MS);
  if (timestampMs - nowMs > maxSkewMs || nowMs - timestampMs > maxSkewMs + excusedMs) {
    throw new StaleTimestampError(timestampMs, nowMs, maxSkewMs + excusedMs);
  }
}

/**
 * Measures how late this process's event loop runs: a timer that should fire every `tickMs` records its lateness,
 * and `recentStallMs` answers the longest lateness seen within `windowMs`, or the time since the last tick when
 * the loop is busy right now (a frame read in the same turn as a long burst of work sees that burst).
 */
export class EventLoopStall {
  private readonly samples: { atMs: number; lateMs: number }[] = [];
  private lastTickMs: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly tickMs = 250,
    private readonly windowMs = 30_000,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.lastTickMs = this.clock();
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  recentStallMs(): number {
    const nowMs = this.clock();
    this.forgetBefore(nowMs - this.windowMs);
    let longest = Math.max(0, nowMs - this.lastTickMs - this.tickMs);
    for (const sample of this.samples) longest = Math.max(longest, sample.lateMs);
    return longest;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Exposed for tests: what the interval does. */
  tick(): void {
    const nowMs = this.clock();
    const lateMs = nowMs - this.lastTickMs - this.tickMs;
    this.lastTickMs = nowMs;
    // Lateness under a tick is scheduling noise; keeping it would only grow the list.
    if (lateMs >= this.tickMs) this.samples.push({ atMs: nowMs, lateMs });
    this.forgetBefore(nowMs - this.windowMs);
  }

  private forgetBefore(cutoffMs: number): void {
    while (this.samples.length > 0 && this.samples[0]!.atMs < cutoffMs) this.samples.shift();
  }
}

let processStall: EventLoopStall | undefined;

/** The one stall tracker of this process (the event loop is per process), started on first use. */
export function processEventLoopStallMs(): number {
  processStall ??= new EventLoopStall();
  return processStall.recentStallMs();
}
