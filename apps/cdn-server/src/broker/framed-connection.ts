import type { Socket } from 'node:net';
import { encodeFrame, FrameDecoder, FrameKind } from '@hotshot/cdn';

/** How a FramedConnection treats its socket. */
export interface FramedConnectionOptions {
  /** Largest frame (length field) accepted until acceptFramesUpTo raises it, e.g. once the peer is authenticated. */
  readonly maxFrameBytes: number;
  /** Delay before TCP keep-alive probes an idle peer (ms). */
  readonly keepAliveMs: number;
  /** How long a connection closed with an Error frame may take to drain before it is destroyed (ms). */
  readonly closeGraceMs: number;
}

/**
 * One TCP connection of the CDN server carrying frames, the part a node's connection to the broker and a mesh link
 * between brokers share: it decodes frames under a size limit, notes when the peer last sent anything, reads nothing
 * once closing, and closes with an Error frame or at once. What to do with a frame, and how output is queued, is the
 * subclass's.
 */
export abstract class FramedConnection {
  /** When the last bytes arrived from the peer (ms). */
  lastReceivedAt: number;
  /** Set once the connection is being closed; nothing is read or queued after that. */
  closing = false;
  private closeReason: string | undefined;
  private readonly decoder: FrameDecoder;
  private graceTimer: NodeJS.Timeout | undefined;

  protected constructor(
    protected readonly socket: Socket,
    private readonly options: FramedConnectionOptions,
    protected readonly now: () => number,
  ) {
    this.lastReceivedAt = now();
    this.decoder = new FrameDecoder(options.maxFrameBytes);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, options.keepAliveMs);
    socket.on('data', this.onData);
    socket.on('error', () => (this.closeReason ??= 'socket_error'));
    socket.on('close', () => {
      clearTimeout(this.graceTimer);
      this.closing = true;
      this.closed(this.closeReason ?? 'peer_closed');
    });
  }

  /** `host:port` of the peer, for logs. */
  get remote(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  /** Sends what is queued and an Error frame, then closes; destroys the socket if it does not drain in time. */
  closeWithError(code: number, message: string, reason: string): void {
    if (this.closing) return;
    this.flush();
    this.closing = true;
    this.closeReason = reason;
    this.socket.end(encodeFrame({ kind: FrameKind.Error, code, message }));
    this.graceTimer = setTimeout(() => this.socket.destroy(), this.options.closeGraceMs);
    this.graceTimer.unref();
  }

  /** Closes at once, dropping queued output. */
  destroy(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.closeReason = reason;
    this.socket.destroy();
  }

  /** Accepts frames up to `maxFrameBytes` (length field) from the next frame on. */
  protected acceptFramesUpTo(maxFrameBytes: number): void {
    this.decoder.setMaxFrameBytes(maxFrameBytes);
  }

  /** Writes what is queued for the peer (closeWithError does so before the Error frame). */
  protected abstract flush(): void;
  /** One whole frame arrived while the connection is open; what it throws goes to inputFailed. */
  protected abstract frameReceived(frame: Uint8Array): void;
  /** Decoding a chunk, or handling one of its frames, threw; the rest of the chunk is dropped. Must close. */
  protected abstract inputFailed(error: unknown): void;
  /** A chunk from the socket was handled (its frames, or the error that cut it short). */
  protected abstract inputProcessed(): void;
  /** The socket closed, for the reason given to closeWithError or destroy, else `socket_error` or `peer_closed`. */
  protected abstract closed(reason: string): void;

  private readonly onFrame = (frame: Uint8Array): void => {
    if (!this.closing) this.frameReceived(frame);
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.closing) return;
    this.lastReceivedAt = this.now();
    try {
      this.decoder.push(chunk, this.onFrame);
    } catch (error) {
      // A decoder that threw must be discarded: inputFailed closes, and `closing` keeps it from reading again.
      this.inputFailed(error);
    }
    this.inputProcessed();
  };
}
