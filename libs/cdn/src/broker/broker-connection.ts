import type { Socket } from 'node:net';
import type { Hex } from 'viem';
import { encodeFrame } from '../wire/frame-codec';
import { FrameDecoder } from '../wire/frame-decoder';
import { FrameKind, Topic } from '../wire/frame-kind';
import type { BrokerMetrics } from './broker-metrics';
import type { RoutedNode } from './frame-router';

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
  /** The peer does not read fast enough: a frame of `kind` did not fit its budget. The owner destroys it. */
  onSlowConsumer(connection: BrokerConnection, kind: number): void;
  /** The socket closed, for `reason`. */
  onClosed(connection: BrokerConnection, reason: string): void;
}

/** Bounds that protect the broker from one connection. */
export interface ConnectionLimits {
  /** Largest frame (length field) accepted once authenticated. */
  readonly maxFrameBytes: number;
  /** Largest frame accepted before authentication (an Authenticate frame is 153 bytes). */
  readonly maxUnauthenticatedFrameBytes: number;
  /** Bytes that may wait for this peer to read before it counts as a slow consumer and is dropped. */
  readonly outboundBudgetBytes: number;
  /** How long a connection closed with an Error frame may take to drain before it is destroyed. */
  readonly closeGraceMs: number;
}

/**
 * One TCP connection to the broker: decodes its frames, queues output with a byte budget, and coalesces frames
 * that are contiguous in one input chunk into a single write (a burst of broadcasts becomes one write per peer).
 */
export class BrokerConnection implements RoutedNode {
  publicKey: Hex = '0x';
  index = -1;
  epoch = 0;
  topics = 0;
  /** Set while the gate decides on the admission frame (a Redis round trip in the scale-out). */
  admitting = false;
  /** When the last bytes arrived from the peer (ms). */
  lastReceivedAt: number;
  /** Set once the connection is being closed; nothing is read or queued after that. */
  closing = false;
  private closeReason: string | undefined;
  private readonly decoder: FrameDecoder;
  private readonly pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private runBuffer: ArrayBufferLike | null = null;
  private runStart = 0;
  private runEnd = 0;
  private dirty = false;
  private graceTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly owner: ConnectionOwner,
    private readonly limits: ConnectionLimits,
    private readonly metrics: BrokerMetrics,
    private readonly now: () => number,
  ) {
    this.lastReceivedAt = now();
    this.decoder = new FrameDecoder(limits.maxUnauthenticatedFrameBytes);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.on('data', this.onData);
    socket.on('error', () => (this.closeReason ??= 'socket_error'));
    socket.on('close', () => {
      clearTimeout(this.graceTimer);
      clearTimeout(this.authDeadline);
      this.closing = true;
      this.owner.onClosed(this, this.closeReason ?? 'peer_closed');
    });
  }

  /** `host:port` of the peer, for logs. */
  get remote(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
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
    this.decoder.setMaxFrameBytes(this.limits.maxFrameBytes);
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

  /** Sends queued output, then an Error frame, then closes; destroys the socket if it does not drain in time. */
  closeWithError(code: number, message: string, reason: string): void {
    if (this.closing) return;
    this.flush();
    this.closing = true;
    this.closeReason = reason;
    this.socket.end(encodeFrame({ kind: FrameKind.Error, code, message }));
    this.metrics.framesOutOf(FrameKind.Error, 1, 0);
    this.graceTimer = setTimeout(() => this.socket.destroy(), this.limits.closeGraceMs);
    this.graceTimer.unref();
  }

  /** Closes at once, dropping queued output. */
  destroy(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.closeReason = reason;
    this.socket.destroy();
  }

  private enqueue(bytes: Uint8Array, kind: number): boolean {
    if (this.closing) return false;
    const size = bytes.byteLength;
    if (this.socket.writableLength + this.pendingBytes + size > this.limits.outboundBudgetBytes) {
      this.owner.onSlowConsumer(this, kind);
      return false;
    }
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

  private endRun(): void {
    if (this.runBuffer === null) return;
    this.pending.push(new Uint8Array(this.runBuffer, this.runStart, this.runEnd - this.runStart));
    this.runBuffer = null;
  }

  private readonly onFrame = (frame: Uint8Array): void => {
    if (!this.closing) this.owner.onFrame(this, frame);
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.closing) return;
    this.lastReceivedAt = this.now();
    try {
      this.decoder.push(chunk, this.onFrame);
    } catch (error) {
      this.owner.onInputError(this, error);
    }
    this.owner.onInputProcessed();
  };
}
