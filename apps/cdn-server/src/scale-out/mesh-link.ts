import type { Socket } from 'node:net';
import { FramedConnection } from '../broker/framed-connection';

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
export class MeshLink extends FramedConnection {
  /** The peer's broker id: known up front when this side dialled, from its Hello when it dialled us. */
  peerId: string | undefined;
  /** Set once both Hellos are through. */
  established = false;
  /** Set while the accepting side checks the dialler's token in Redis. */
  verifying = false;
  private readonly pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;

  constructor(
    socket: Socket,
    private readonly owner: MeshLinkOwner,
    private readonly limits: MeshLinkLimits,
    /** Whether this side dialled (and so sends the first Hello). */
    readonly dialled: boolean,
    /** The token the dialled peer registered, which its Hello must carry. */
    readonly expectedToken: string | undefined,
    now: () => number,
  ) {
    super(
      socket,
      { maxFrameBytes: HANDSHAKE_FRAME_BYTES, keepAliveMs: 10_000, closeGraceMs: limits.closeGraceMs },
      now,
    );
  }

  /** Marks the handshake done: frames up to the broker's limit are accepted from now on. */
  establish(peerId: string): void {
    this.peerId = peerId;
    this.established = true;
    this.acceptFramesUpTo(this.limits.maxFrameBytes);
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
      queueMicrotask(this.flushQueued);
    }
    return true;
  }

  /** Writes what is queued as one corked write. */
  protected flush(): void {
    this.flushScheduled = false;
    if (this.closing || this.pending.length === 0) return;
    this.socket.cork();
    for (const frame of this.pending) this.socket.write(frame);
    this.socket.uncork();
    this.pending.length = 0;
    this.pendingBytes = 0;
  }

  private readonly flushQueued = (): void => this.flush();

  protected frameReceived(frame: Uint8Array): void {
    this.owner.onLinkFrame(this, frame);
  }

  protected inputFailed(error: unknown): void {
    this.owner.onLinkError(this, error);
  }

  protected inputProcessed(): void {
    this.owner.onLinkInputProcessed();
  }

  protected closed(reason: string): void {
    this.owner.onLinkClosed(this, reason);
  }
}
