import type { Socket } from 'node:net';
import { encodeFrame, FrameDecoder, FrameKind } from '@hotshot/cdn';

/** What a mesh link tells the mesh. */
export interface MeshLinkOwner {
  /** One whole frame arrived; may throw a CdnProtocolError, which closes the link. */
  onLinkFrame(link: MeshLink, frame: Uint8Array): void;
  /** Decoding or handling a frame threw; the owner closes the link. */
  onLinkError(link: MeshLink, error: unknown): void;
  /** A chunk of input was handled: write what it queued for nodes. */
  onLinkInputProcessed(): void;
  /** The link is gone, for `reason`. */
  onLinkClosed(link: MeshLink, reason: string): void;
}

/** Bounds of one mesh link. */
export interface MeshLinkLimits {
  /** Largest frame (length field) accepted from a peer once the handshake is done. */
  readonly maxFrameBytes: number;
  /** Bytes that may wait for the peer before the link is dropped as too slow. */
  readonly budgetBytes: number;
  readonly closeGraceMs: number;
}

/** Largest frame before the handshake: a Hello is under 300 bytes. */
const HANDSHAKE_FRAME_BYTES = 1024;

/**
 * One TCP connection between two brokers. Frames queued in one turn leave in one corked write; output waiting for
 * the peer is bounded, and a peer that stops reading loses the link (it is dialled again, and the directory resent),
 * never this broker's memory.
 */
export class MeshLink {
  /** The peer's broker id: known up front when this side dialled, from its Hello when it dialled us. */
  peerId: string | undefined;
  /** Set once both Hellos are through. */
  established = false;
  /** Set while the accepting side checks the dialler's token in Redis. */
  verifying = false;
  lastReceivedAt: number;
  closing = false;
  private closeReason: string | undefined;
  private readonly decoder = new FrameDecoder(HANDSHAKE_FRAME_BYTES);
  private readonly pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;

  constructor(
    private readonly socket: Socket,
    private readonly owner: MeshLinkOwner,
    private readonly limits: MeshLinkLimits,
    /** Whether this side dialled (and so sends the first Hello). */
    readonly dialled: boolean,
    /** The token the dialled peer registered, which its Hello must carry. */
    readonly expectedToken: string | undefined,
    private readonly now: () => number,
  ) {
    this.lastReceivedAt = now();
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    socket.on('data', this.onData);
    socket.on('error', () => (this.closeReason ??= 'socket_error'));
    socket.on('close', () => {
      this.closing = true;
      this.owner.onLinkClosed(this, this.closeReason ?? 'peer_closed');
    });
  }

  /** `host:port` of the peer, for logs. */
  get remote(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  /** Marks the handshake done: frames up to the broker's limit are accepted from now on. */
  establish(peerId: string): void {
    this.peerId = peerId;
    this.established = true;
    this.decoder.setMaxFrameBytes(this.limits.maxFrameBytes);
  }

  /** Queues a frame for the peer; false when the link is closing or the peer is too slow (the link then closes). */
  send(frame: Uint8Array): boolean {
    if (this.closing) return false;
    if (this.socket.writableLength + this.pendingBytes + frame.length > this.limits.budgetBytes) {
      this.destroy('slow_peer');
      return false;
    }
    this.pending.push(frame);
    this.pendingBytes += frame.length;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.flush);
    }
    return true;
  }

  /** Sends what is queued and an Error frame, then closes. */
  closeWithError(code: number, message: string, reason: string): void {
    if (this.closing) return;
    this.flush();
    this.closing = true;
    this.closeReason = reason;
    this.socket.end(encodeFrame({ kind: FrameKind.Error, code, message }));
    setTimeout(() => this.socket.destroy(), this.limits.closeGraceMs).unref();
  }

  /** Closes at once. */
  destroy(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.closeReason = reason;
    this.socket.destroy();
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.closing || this.pending.length === 0) return;
    this.socket.cork();
    for (const frame of this.pending) this.socket.write(frame);
    this.socket.uncork();
    this.pending.length = 0;
    this.pendingBytes = 0;
  };

  private readonly onFrame = (frame: Uint8Array): void => {
    if (!this.closing) this.owner.onLinkFrame(this, frame);
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.closing) return;
    this.lastReceivedAt = this.now();
    try {
      this.decoder.push(chunk, this.onFrame);
    } catch (error) {
      this.owner.onLinkError(this, error);
    }
    this.owner.onLinkInputProcessed();
  };
}
