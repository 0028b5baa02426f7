import type { Socket } from 'node:net';
import type { Hex } from 'viem';
import { FrameKind, Topic } from '@hotshot/cdn';
import type { BrokerMetrics } from './broker-metrics';
import { FramedConnection } from './framed-connection';
import type { RoutedNode } from './frame-router';
import { addressGroup, type PendingConnection } from './pending-connections';
import { SendBudget, type SendBudgetLimits } from './send-budget';

/** The broker's side of a connection: it hears about frames, errors and the end of the connection. */
export interface ConnectionOwner {
  /** One whole frame arrived; may throw a CdnProtocolError, which closes this connection. */
  onFrame(connection: BrokerConnection, frame: Uint8Array): void;
  /** Decoding or handling a frame threw; the owner closes the connection. */
  onInputError(connection: BrokerConnection, error: unknown): void;
  /** A chunk from the socket was handled: time to flush what it produced. */
  onInputProcessed(): void;
  /** The connection has output queued; flush it at the end of this turn. */
  markDirty(connection: BrokerConnection): void;
  /**
   * A frame of `kind` did not fit what may wait for `connection` to read. The owner decides whose fault that is: a
   * sender that fills every reader's queue (cut it), or this reader alone lagging (drop it as a slow consumer).
   */
  onOutboundFull(connection: BrokerConnection, kind: number): void;
  /** True while the frame being routed went beyond its sender's send budget (its bytes are the sender's excess). */
  readonly deliveringExcess: boolean;
  /** The index of the member whose frame is being routed (undefined for the broker's own frames). */
  readonly routingSender: number | undefined;
  /**
   * A frame of `kind` beyond its sender's send budget did not fit what `receiver` may hold of such frames: the
   * sender floods it. The owner cuts the sender; the receiver keeps its connection and misses only this frame.
   */
  onFlooded(receiver: BrokerConnection, kind: number): void;
  /** The peer sent beyond its send budget; paying the debt takes `debtMs`. The owner slows it down or cuts it. */
  onOverBudget(connection: BrokerConnection, debtMs: number): void;
  /** The socket closed, for `reason`. */
  onClosed(connection: BrokerConnection, reason: string): void;
}

/** Bounds that protect the broker from one connection. */
export interface ConnectionLimits extends SendBudgetLimits {
  /** Largest frame (length field) accepted once authenticated. */
  readonly maxFrameBytes: number;
  /** Largest frame accepted before authentication (an Authenticate frame is 153 bytes). */
  readonly maxUnauthenticatedFrameBytes: number;
  /**
   * Bytes that may wait for this peer to read. On overflow the broker blames the sender that fills every reader's
   * queue, else this peer (a slow consumer). Frames beyond their sender's send budget count apart, against a second
   * budget of the same size whose overflow cuts the sender.
   */
  readonly outboundBudgetBytes: number;
  /** How long a connection closed with an Error frame may take to drain before it is destroyed. */
  readonly closeGraceMs: number;
}

/**
 * One TCP connection to the broker: charges the frames it reads to the member's send budget, queues output with a
 * byte budget, and coalesces frames that are contiguous in one input chunk into a single write (a burst of
 * broadcasts becomes one write per peer).
 */
export class BrokerConnection extends FramedConnection implements RoutedNode, PendingConnection {
  publicKey: Hex = '0x';
  index = -1;
  epoch = 0;
  topics = 0;
  /** Set while the gate decides on the admission frame (a Redis round trip in the scale-out). */
  admitting = false;
  /** The peer's address as the pending-connection limits count it. */
  readonly addressGroup: string;
  /** What this member may send; set once it is authenticated. */
  budget: SendBudget | undefined;
  private resumeTimer: NodeJS.Timeout | undefined;
  /** Bytes ever queued for this peer; with what is still queued, it tells how much the peer has read. */
  private enqueuedTotal = 0;
  /**
   * Each queued frame routed from a member: where it ends in `enqueuedTotal`, its size, its sender, and whether it
   * was beyond the sender's budget. Read from `marksHead` on; what lies before it the peer has read.
   */
  private readonly marks: { readonly end: number; readonly size: number; readonly sender: number; excess: boolean }[] =
    [];
  private marksHead = 0;
  /** Queued bytes by the member they came from (what is still unread of each sender's frames). */
  private readonly queuedBySender = new Map<number, number>();
  private excessQueued = 0;
  /** Bytes the peer has taken so far, and when it last took any. */
  private readTotal = 0;
  private lastReadAt: number;
  private readonly pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private runBuffer: ArrayBufferLike | null = null;
  private runStart = 0;
  private runEnd = 0;
  private dirty = false;

  constructor(
    readonly id: number,
    socket: Socket,
    private readonly owner: ConnectionOwner,
    private readonly limits: ConnectionLimits,
    private readonly metrics: BrokerMetrics,
    now: () => number,
  ) {
    super(
      socket,
      { maxFrameBytes: limits.maxUnauthenticatedFrameBytes, keepAliveMs: 30_000, closeGraceMs: limits.closeGraceMs },
      now,
    );
    this.lastReadAt = now();
    this.addressGroup = addressGroup(socket.remoteAddress);
  }

  /** Closes the connection if it has not authenticated by then. */
  authDeadline: NodeJS.Timeout | undefined;

  /** Whether the connection completed authentication. */
  get isAuthenticated(): boolean {
    return this.index >= 0;
  }

  /** Marks the connection authenticated as roster member `index`, subscribed to the global topic. */
  authenticated(index: number, publicKey: Hex, epoch = 0): void {
    this.index = index;
    this.publicKey = publicKey;
    this.epoch = epoch;
    this.topics = 1 << Topic.Global;
    this.acceptFramesUpTo(this.limits.maxFrameBytes);
    this.budget = new SendBudget(this.limits, this.now());
  }

  /** Stops reading the peer for `ms` (TCP pushes back on it), unless it is paused already. */
  pauseFor(ms: number): void {
    if (this.closing || this.resumeTimer !== undefined) return;
    this.socket.pause();
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      if (!this.closing) this.socket.resume();
    }, ms);
  }

  deliver(frame: Uint8Array): boolean {
    if (!this.enqueue(frame, frame[4])) return false;
    this.metrics.framesOutOf(frame[4], 1, frame.length);
    return true;
  }

  /** Queues a frame sent as a head and a shared tail (Welcome: per-node index, shared stake table). */
  deliverParts(kind: FrameKind, head: Uint8Array, tail: Uint8Array): boolean {
    if (!this.enqueue(head, kind) || !this.enqueue(tail, kind)) return false;
    this.metrics.framesOutOf(kind, 1, head.length + tail.length);
    return true;
  }

  /** Writes everything queued, as one write per contiguous run. */
  flush(): void {
    this.dirty = false;
    if (this.closing) return;
    this.endRun();
    const pending = this.pending;
    if (pending.length === 1) {
      this.socket.write(pending[0]);
    } else if (pending.length > 1) {
      this.socket.cork();
      for (const bytes of pending) this.socket.write(bytes);
      this.socket.uncork();
    }
    pending.length = 0;
    this.pendingBytes = 0;
  }

  /** Sends queued output, then an Error frame (counted), then closes. */
  override closeWithError(code: number, message: string, reason: string): void {
    if (this.closing) return;
    super.closeWithError(code, message, reason);
    this.metrics.framesOutOf(FrameKind.Error, 1, 0);
  }

  /**
   * Bytes of `sender`'s frames handed to this peer's socket in an earlier turn and still not taken by it: a backlog
   * that a peer reading as fast as frames come would not have (this turn's frames are not counted).
   */
  backlogFrom(sender: number): number {
    this.forgetRead();
    const handedOver = this.enqueuedTotal - this.pendingBytes;
    let bytes = 0;
    for (let i = this.marksHead; i < this.marks.length; i++) {
      const mark = this.marks[i]!;
      if (mark.end > handedOver) break;
      if (mark.sender === sender) bytes += mark.size;
    }
    return bytes;
  }

  /** Whether the peer took bytes off its queue within the last `withinMs` (a stalled reader does not). */
  readWithin(withinMs: number): boolean {
    this.forgetRead();
    return this.now() - this.lastReadAt <= withinMs;
  }

  /**
   * Counts what is still queued from `sender` apart, as excess, once the broker has cut it for flooding: this peer
   * drains the flood at its own pace, and honest frames behind it are not held against this peer's budget.
   */
  blameQueuedOn(sender: number): void {
    this.forgetRead();
    for (let i = this.marksHead; i < this.marks.length; i++) {
      const mark = this.marks[i]!;
      if (mark.sender !== sender || mark.excess) continue;
      mark.excess = true;
      this.excessQueued += mark.size;
    }
  }

  /** The member whose frames take most of this peer's queue, and how many bytes of it. */
  largestSender(): { sender: number; bytes: number } | undefined {
    this.forgetRead();
    let largest: { sender: number; bytes: number } | undefined;
    for (const [sender, bytes] of this.queuedBySender)
      if (!largest || bytes > largest.bytes) largest = { sender, bytes };
    return largest;
  }

  private enqueue(bytes: Uint8Array, kind: number): boolean {
    if (this.closing) return false;
    const size = bytes.byteLength;
    const queued = this.forgetRead();
    const budget = this.limits.outboundBudgetBytes;
    const excess = this.owner.deliveringExcess;
    if (excess) {
      // The sender is beyond its budget: what it floods this peer with is its fault, not this peer's.
      if (this.excessQueued + size > budget) {
        this.owner.onFlooded(this, kind);
        return false;
      }
    } else if (queued - this.excessQueued + size > budget) {
      this.owner.onOutboundFull(this, kind);
      return false;
    }
    const sender = this.owner.routingSender;
    if (sender !== undefined) {
      this.marks.push({ end: this.enqueuedTotal + size, size, sender, excess });
      this.queuedBySender.set(sender, (this.queuedBySender.get(sender) ?? 0) + size);
      if (excess) this.excessQueued += size;
    }
    this.enqueuedTotal += size;
    if (this.runBuffer === bytes.buffer && this.runEnd === bytes.byteOffset) {
      this.runEnd += size;
    } else {
      this.endRun();
      this.runBuffer = bytes.buffer;
      this.runStart = bytes.byteOffset;
      this.runEnd = bytes.byteOffset + size;
    }
    this.pendingBytes += size;
    if (!this.dirty) {
      this.dirty = true;
      this.owner.markDirty(this);
    }
    return true;
  }

  /** Drops the marks of frames the peer has read (output leaves in order); returns the bytes still queued. */
  private forgetRead(): number {
    const queued = this.socket.writableLength + this.pendingBytes;
    const read = this.enqueuedTotal - queued;
    if (read > this.readTotal) {
      this.readTotal = read;
      this.lastReadAt = this.now();
    }
    while (this.marksHead < this.marks.length && this.marks[this.marksHead]!.end <= read) {
      const mark = this.marks[this.marksHead++]!;
      const left = (this.queuedBySender.get(mark.sender) ?? 0) - mark.size;
      if (left > 0) this.queuedBySender.set(mark.sender, left);
      else this.queuedBySender.delete(mark.sender);
      if (mark.excess) this.excessQueued -= mark.size;
    }
    // Compacted now and then, so reading the head stays O(1) and the array does not grow for ever.
    if (this.marksHead > 1024 && this.marksHead * 2 > this.marks.length) {
      this.marks.splice(0, this.marksHead);
      this.marksHead = 0;
    }
    return queued;
  }

  private endRun(): void {
    if (this.runBuffer === null) return;
    this.pending.push(new Uint8Array(this.runBuffer, this.runStart, this.runEnd - this.runStart));
    this.runBuffer = null;
  }

  protected frameReceived(frame: Uint8Array): void {
    this.budget?.charge(frame.length, this.lastReceivedAt);
    this.owner.onFrame(this, frame);
  }

  protected inputFailed(error: unknown): void {
    this.owner.onInputError(this, error);
  }

  protected inputProcessed(): void {
    if (this.budget !== undefined && !this.closing) {
      const debtMs = this.budget.debtMs(this.lastReceivedAt);
      if (debtMs > 0) this.owner.onOverBudget(this, debtMs);
    }
    this.owner.onInputProcessed();
  }

  protected closed(reason: string): void {
    clearTimeout(this.authDeadline);
    clearTimeout(this.resumeTimer);
    this.owner.onClosed(this, reason);
  }
}
