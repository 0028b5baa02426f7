/** Rates and bursts of one member's send budget. */
export interface SendBudgetLimits {
  /** Sustained bytes per second. */
  readonly sendBudgetBytesPerSecond: number;
  /** Bytes that may go at once above the rate (the bucket's size). */
  readonly sendBudgetBurstBytes: number;
  /** Sustained frames per second. */
  readonly sendBudgetFramesPerSecond: number;
  /** Frames that may go at once above the rate. */
  readonly sendBudgetBurstFrames: number;
}

/**
 * Two token buckets (bytes and frames) for what one member sends through the broker (issue 17, finding 4). A frame
 * is always charged, so the buckets can go into debt; the debt says how long to stop reading the member. The member
 * is "over budget" from its first debt until the buckets are full again, which a member that keeps sending at or
 * above the rate never lets happen: that span is what the broker cuts on.
 */
export class SendBudget {
  private bytes: number;
  private frames: number;
  private updatedAt: number;
  private overSince: number | undefined;
  /** Whether the last charged frame was sent while over budget (its bytes are the sender's excess, not the reader's). */
  lastFrameExcess = false;

  constructor(
    private readonly limits: SendBudgetLimits,
    nowMs: number,
  ) {
    this.bytes = limits.sendBudgetBurstBytes;
    this.frames = limits.sendBudgetBurstFrames;
    this.updatedAt = nowMs;
  }

  /** Charges one frame of `size` bytes at `nowMs`. */
  charge(size: number, nowMs: number): void {
    this.refill(nowMs);
    this.bytes -= size;
    this.frames -= 1;
    if (this.bytes < 0 || this.frames < 0) this.overSince ??= nowMs;
    // Once over, every frame is excess until the buckets are full again: a member sending right at the rate after
    // its first throttle is still the one flooding, even when a frame happens to find tokens.
    this.lastFrameExcess = this.overSince !== undefined;
  }

  /** Milliseconds until the debt is paid (0 when within budget). */
  debtMs(nowMs: number): number {
    this.refill(nowMs);
    const bytesMs = this.bytes < 0 ? (-this.bytes * 1000) / this.limits.sendBudgetBytesPerSecond : 0;
    const framesMs = this.frames < 0 ? (-this.frames * 1000) / this.limits.sendBudgetFramesPerSecond : 0;
    return Math.ceil(Math.max(bytesMs, framesMs));
  }

  /** How long the member has been over budget without a break (0 when it is not). */
  overBudgetForMs(nowMs: number): number {
    this.refill(nowMs);
    return this.overSince === undefined ? 0 : nowMs - this.overSince;
  }

  private refill(nowMs: number): void {
    const elapsedMs = nowMs - this.updatedAt;
    if (elapsedMs <= 0) return;
    this.updatedAt = nowMs;
    const { sendBudgetBurstBytes, sendBudgetBurstFrames } = this.limits;
    this.bytes = Math.min(sendBudgetBurstBytes, this.bytes + (elapsedMs * this.limits.sendBudgetBytesPerSecond) / 1000);
    this.frames = Math.min(
      sendBudgetBurstFrames,
      this.frames + (elapsedMs * this.limits.sendBudgetFramesPerSecond) / 1000,
    );
    if (this.bytes >= sendBudgetBurstBytes && this.frames >= sendBudgetBurstFrames) this.overSince = undefined;
  }
}
