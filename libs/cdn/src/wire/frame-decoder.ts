import { readU32 } from '@hotshot/protocol';
import { FrameTooLargeError, MalformedFrameError } from './wire-errors';

/** Bytes of the big-endian length prefix in front of every frame. */
export const LENGTH_PREFIX_BYTES = 4;
/** Bytes of the length prefix plus the kind byte. */
export const FRAME_HEADER_BYTES = 5;
/** Default limit on a frame's length field (kind + body): 8 MiB, above the default 4 MiB block. */
export const DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

/**
 * Streaming frame decoder: turns TCP chunks into whole frames, whether a frame is split across chunks or many
 * are packed into one. A frame is `uint32 length | uint8 kind | body`, with `length` counting kind + body.
 *
 * A frame that lies whole inside a chunk is handed out as a view into that chunk (no copy), so a broker can
 * forward the same bytes; only a frame split across chunks is assembled into its own buffer, allocated after its
 * length prefix has been checked against the limit. After a thrown error the decoder must be discarded.
 */
export class FrameDecoder {
  private maxFrameBytes: number;
  private readonly header = new Uint8Array(LENGTH_PREFIX_BYTES);
  private headerFilled = 0;
  private partial: Uint8Array | null = null;
  private partialFilled = 0;

  /** `maxFrameBytes` bounds the length field (kind + body) of every frame. */
  constructor(maxFrameBytes: number = DEFAULT_MAX_FRAME_BYTES) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Changes the limit for frames whose prefix has not been read yet (e.g. raised after authentication). */
  setMaxFrameBytes(maxFrameBytes: number): void {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** The current limit on a frame's length field. */
  get limit(): number {
    return this.maxFrameBytes;
  }

  /** Bytes held for a frame that is not complete yet. */
  get bufferedBytes(): number {
    return this.headerFilled + this.partialFilled;
  }

  /**
   * Feeds one chunk and calls `onFrame` with each complete frame (length prefix included) in order.
   * Throws FrameTooLargeError or MalformedFrameError (empty frame) on a bad prefix, and whatever `onFrame` throws.
   */
  push(chunk: Uint8Array, onFrame: (frame: Uint8Array) => void): void {
    let offset = 0;
    if (this.headerFilled > 0) {
      const take = Math.min(LENGTH_PREFIX_BYTES - this.headerFilled, chunk.length);
      this.header.set(chunk.subarray(0, take), this.headerFilled);
      this.headerFilled += take;
      offset = take;
      if (this.headerFilled < LENGTH_PREFIX_BYTES) return;
      this.headerFilled = 0;
      const length = this.checkLength(readU32(this.header, 0));
      this.partial = new Uint8Array(LENGTH_PREFIX_BYTES + length);
      this.partial.set(this.header, 0);
      this.partialFilled = LENGTH_PREFIX_BYTES;
    }
    if (this.partial !== null) {
      const partial = this.partial;
      const take = Math.min(partial.length - this.partialFilled, chunk.length - offset);
      partial.set(chunk.subarray(offset, offset + take), this.partialFilled);
      this.partialFilled += take;
      offset += take;
      if (this.partialFilled < partial.length) return;
      this.partial = null;
      this.partialFilled = 0;
      onFrame(partial);
    }
    while (offset < chunk.length) {
      const remaining = chunk.length - offset;
      if (remaining < LENGTH_PREFIX_BYTES) {
        this.header.set(chunk.subarray(offset), 0);
        this.headerFilled = remaining;
        return;
      }
      const length = this.checkLength(readU32(chunk, offset));
      const total = LENGTH_PREFIX_BYTES + length;
      if (remaining < total) {
        this.partial = new Uint8Array(total);
        this.partial.set(chunk.subarray(offset), 0);
        this.partialFilled = remaining;
        return;
      }
      const frame = chunk.subarray(offset, offset + total);
      offset += total;
      onFrame(frame);
    }
  }

  private checkLength(length: number): number {
    if (length === 0) throw new MalformedFrameError(0, 'empty frame without a kind byte');
    if (length > this.maxFrameBytes) throw new FrameTooLargeError(length, this.maxFrameBytes);
    return length;
  }
}
