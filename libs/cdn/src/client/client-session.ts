import type { Socket } from 'node:net';
import { readU32 } from '@hotshot/protocol';
import {
  BROADCAST_PAYLOAD_OFFSET,
  DIRECT_PAYLOAD_OFFSET,
  DIRECT_SENDER_OFFSET,
  decodeFrame,
  PING_FRAME,
  PONG_FRAME,
  writeBroadcastInto,
} from '../wire/frame-codec';
import { FrameDecoder } from '../wire/frame-decoder';
import { FrameKind } from '../wire/frame-kind';
import type { CdnMessage } from '../wire/messages';
import { MalformedFrameError } from '../wire/wire-errors';
import type { CdnDelivery } from './delivery-stream';

const KIND_BROADCAST: number = FrameKind.Broadcast;
const KIND_DIRECT: number = FrameKind.Direct;
const KIND_PING: number = FrameKind.Ping;
const KIND_PONG: number = FrameKind.Pong;
/** Outgoing frames are copied into batches of this size, one write per batch and turn. */
const BATCH_BYTES = 64 * 1024;
/** Frames above this size skip the batch and are written as they are. */
const DIRECT_WRITE_BYTES = 16 * 1024;

/** What a session tells its client. */
export interface SessionHandlers {
  /** A Broadcast or Direct frame arrived (the hot path: no generic decoding). */
  onDelivery(delivery: CdnDelivery): void;
  /** Any other frame from the broker but Ping and Pong; may throw a CdnProtocolError, which ends the session. */
  onMessage(message: CdnMessage): void;
  /** The connection is gone; `reason` names why (a metric label), `error` carries the cause if there was one. */
  onClose(reason: string, error?: unknown): void;
}

/** Timing and size limits of a session. */
export interface SessionLimits {
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly maxFrameBytes: number;
  readonly now: () => number;
}

/**
 * One TCP connection to the broker: frame decoding, heartbeats, and write batching (frames sent in one turn of the
 * event loop are copied into one buffer and leave in one write). It knows nothing of authentication or
 * reconnection; CdnClient does.
 */
export class ClientSession {
  private readonly decoder: FrameDecoder;
  private readonly chunks: Uint8Array[] = [];
  private chunkBytes = 0;
  private batch: Buffer | null = null;
  private batchStart = 0;
  private batchEnd = 0;
  private flushScheduled = false;
  private lastReceivedAt: number;
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;
  private reason: string | undefined;
  private cause: unknown;

  constructor(
    private readonly socket: Socket,
    private readonly limits: SessionLimits,
    private readonly handlers: SessionHandlers,
  ) {
    this.decoder = new FrameDecoder(limits.maxFrameBytes);
    this.lastReceivedAt = limits.now();
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('error', (error) => this.fail('socket_error', error));
    socket.on('close', () => {
      this.closed = true;
      clearInterval(this.heartbeat);
      this.handlers.onClose(this.reason ?? 'broker_closed', this.cause);
    });
    this.heartbeat = setInterval(() => this.checkHeartbeat(), Math.max(10, limits.heartbeatIntervalMs / 2));
    this.heartbeat.unref();
  }

  /** Whether the connection is gone or going. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Bytes written but not yet handed to the kernel, plus frames waiting for this turn's flush. */
  get bufferedBytes(): number {
    return this.socket.writableLength + this.chunkBytes + (this.batchEnd - this.batchStart);
  }

  /** Accepts frames up to `maxFrameBytes` (length field) from now on. */
  setMaxFrameBytes(maxFrameBytes: number): void {
    this.decoder.setMaxFrameBytes(maxFrameBytes);
  }

  /** Queues an encoded frame; it leaves with the others sent in this turn. */
  send(frame: Uint8Array): void {
    if (this.closed) return;
    if (frame.length > DIRECT_WRITE_BYTES) {
      this.closeBatch();
      this.chunks.push(frame);
      this.chunkBytes += frame.length;
      this.scheduleFlush();
      return;
    }
    const offset = this.reserve(frame.length);
    this.batch!.set(frame, offset);
  }

  /** Queues a Broadcast frame, encoding it straight into the outgoing batch (one copy of the payload). */
  sendBroadcast(mask: number, payload: Uint8Array): void {
    if (this.closed) return;
    const size = BROADCAST_PAYLOAD_OFFSET + payload.length;
    if (size > DIRECT_WRITE_BYTES) {
      const frame = new Uint8Array(size);
      writeBroadcastInto(frame, 0, mask, payload);
      this.send(frame);
      return;
    }
    const offset = this.reserve(size); // may switch to a new batch buffer
    writeBroadcastInto(this.batch!, offset, mask, payload);
  }

  /** Resolves once the socket has room again (at once if it has), or when it closes. */
  whenDrained(): Promise<void> {
    this.flush();
    if (this.closed || !this.socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  /** Stops reading from the socket (TCP pushes back on the broker). */
  pause(): void {
    this.socket.pause();
  }

  /** Reads from the socket again. */
  resume(): void {
    this.socket.resume();
  }

  /** Sends what is queued, then closes the connection. */
  close(reason: string): void {
    if (this.closed) return;
    this.flush();
    this.reason ??= reason;
    this.closed = true;
    this.socket.end();
    // A broker that never closes its side must not keep the client alive.
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  /** Drops the connection at once. */
  fail(reason: string, error?: unknown): void {
    this.reason ??= reason;
    this.cause ??= error;
    this.closed = true;
    this.socket.destroy();
  }

  /** Makes room for `size` bytes in the current batch and returns where they start. */
  private reserve(size: number): number {
    if (this.batch === null || this.batchEnd + size > this.batch.length) {
      this.closeBatch();
      this.batch = Buffer.allocUnsafe(BATCH_BYTES);
      this.batchStart = 0;
      this.batchEnd = 0;
    }
    const offset = this.batchEnd;
    this.batchEnd += size;
    this.scheduleFlush();
    return offset;
  }

  /** Moves the filled part of the batch to the chunk list; the rest of the buffer stays usable. */
  private closeBatch(): void {
    if (this.batch === null || this.batchEnd === this.batchStart) return;
    this.chunks.push(this.batch.subarray(this.batchStart, this.batchEnd));
    this.chunkBytes += this.batchEnd - this.batchStart;
    this.batchStart = this.batchEnd;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(this.flush);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.closed) return;
    this.closeBatch();
    const chunks = this.chunks;
    if (chunks.length === 0) return;
    if (chunks.length === 1) {
      this.socket.write(chunks[0]);
    } else {
      this.socket.cork();
      for (const chunk of chunks) this.socket.write(chunk);
      this.socket.uncork();
    }
    chunks.length = 0;
    this.chunkBytes = 0;
  };

  private readonly onFrame = (frame: Uint8Array): void => {
    if (this.closed) return;
    const kind = frame[4];
    // Deliveries are nearly every frame: read them in place rather than through the generic decoder.
    if (kind === KIND_BROADCAST) {
      if (frame.length < BROADCAST_PAYLOAD_OFFSET) throw new MalformedFrameError(kind, 'body too short');
      const topics = readU32(frame, 9);
      if (topics === 0) throw new MalformedFrameError(kind, 'no topics');
      this.handlers.onDelivery({
        kind: 'broadcast',
        sender: readU32(frame, 5),
        topics,
        bytes: frame.subarray(BROADCAST_PAYLOAD_OFFSET),
      });
    } else if (kind === KIND_DIRECT) {
      if (frame.length < DIRECT_PAYLOAD_OFFSET) throw new MalformedFrameError(kind, 'body too short');
      this.handlers.onDelivery({
        kind: 'direct',
        sender: readU32(frame, DIRECT_SENDER_OFFSET),
        topics: 0,
        bytes: frame.subarray(DIRECT_PAYLOAD_OFFSET),
      });
    } else {
      const message = decodeFrame(frame);
      if (kind === KIND_PING) this.send(PONG_FRAME);
      else if (kind !== KIND_PONG) this.handlers.onMessage(message);
    }
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.closed) return;
    this.lastReceivedAt = this.limits.now();
    try {
      this.decoder.push(chunk, this.onFrame);
    } catch (error) {
      this.fail('protocol_error', error);
    }
  };

  private checkHeartbeat(): void {
    if (this.closed) return;
    const idle = this.limits.now() - this.lastReceivedAt;
    if (idle >= this.limits.heartbeatTimeoutMs) this.fail('heartbeat_timeout');
    else if (idle >= this.limits.heartbeatIntervalMs / 2) this.send(PING_FRAME);
  }
}
