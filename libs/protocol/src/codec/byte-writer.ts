import { hexToBytes, type Hex } from 'viem';
import { UnencodableValueError } from '../errors/encode-errors';
import { writeF64, writeU16, writeU256, writeU32, writeU64 } from './bytes';

const U64_MAX = 0xffff_ffff_ffff_ffffn;
const U256_MAX = (1n << 256n) - 1n;
/** Unused bytes a finished writer's view may pin: at most this many, or an eighth of the buffer. */
const FINISH_VIEW_SLACK_BYTES = 4096;

/**
 * The one growable writer for encodings, all integers big-endian, the counterpart of ByteReader. Every write
 * checks its value's range first and throws UnencodableValueError (a local bug) rather than writing a value the
 * reader would decode differently. `field` names what is written, for the error.
 */
export class ByteWriter {
  private buffer: Uint8Array;
  private length = 0;
  private finished = false;

  /**
   * `capacity` is the initial size in bytes (default 256); the buffer doubles when it fills. A writer for a large
   * message is given its size (or a close upper bound), so it never grows.
   */
  constructor(capacity = 256) {
    this.buffer = new Uint8Array(Math.max(capacity, 8));
  }

  /** Writes a uint8. */
  u8(value: number, field: string): void {
    checkInteger(value, 0xff, field);
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** Writes a uint16. */
  u16(value: number, field: string): void {
    checkInteger(value, 0xffff, field);
    this.reserve(2);
    writeU16(this.buffer, this.length, value);
    this.length += 2;
  }

  /** Writes a uint32. */
  u32(value: number, field: string): void {
    checkInteger(value, 0xffff_ffff, field);
    this.reserve(4);
    writeU32(this.buffer, this.length, value);
    this.length += 4;
  }

  /** Writes a uint64 from a safe integer (views, heights, timestamps). */
  u64(value: number, field: string): void {
    checkInteger(value, Number.MAX_SAFE_INTEGER, field);
    this.reserve(8);
    writeU32(this.buffer, this.length, Math.floor(value / 0x1_0000_0000));
    writeU32(this.buffer, this.length + 4, value >>> 0);
    this.length += 8;
  }

  /** Writes a uint64 from a bigint. */
  u64Big(value: bigint, field: string): void {
    if (value < 0n || value > U64_MAX) throw new UnencodableValueError(field, 'is not a uint64', value);
    this.reserve(8);
    writeU64(this.buffer, this.length, value);
    this.length += 8;
  }

  /** Writes a uint256 from a bigint. */
  u256(value: bigint, field: string): void {
    if (value < 0n || value > U256_MAX) throw new UnencodableValueError(field, 'is not a uint256', value);
    this.reserve(32);
    writeU256(this.buffer, this.length, value);
    this.length += 32;
  }

  /** Writes a finite IEEE 754 double. */
  f64(value: number, field: string): void {
    if (!Number.isFinite(value)) throw new UnencodableValueError(field, 'is not finite', value);
    this.reserve(8);
    writeF64(this.buffer, this.length, value);
    this.length += 8;
  }

  /** Writes 32 bytes from 0x hex. */
  bytes32(value: Hex, field: string): void {
    const bytes = hexToBytes(value);
    if (bytes.length !== 32) throw new UnencodableValueError(field, 'is not 32 bytes', value);
    this.raw(bytes);
  }

  /** Writes `bytes` as they are (no length prefix). */
  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /**
   * The bytes written, exactly as long as them. When the buffer is (nearly) full, as it is for a writer sized
   * for its message, they are a view into it rather than a copy: encoding a block's message then allocates its
   * size once, not three times. The writer refuses writes after this.
   */
  finish(): Uint8Array {
    this.finished = true;
    const unused = this.buffer.length - this.length;
    if (unused <= FINISH_VIEW_SLACK_BYTES || unused * 8 <= this.buffer.length) {
      return this.buffer.subarray(0, this.length);
    }
    return this.buffer.slice(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.finished) throw new UnencodableValueError('writer', 'was written after finish()', extra);
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
}

function checkInteger(value: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new UnencodableValueError(field, `must be an integer in 0..${max}`, value);
  }
}
