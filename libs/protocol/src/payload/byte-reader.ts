import { bytesToHex, type Hex } from 'viem';
import { TrailingBytesError, TruncatedInputError } from '../errors/decode-errors';

/**
 * A cursor over untrusted bytes: every read checks the remaining length first and throws TruncatedInputError
 * instead of reading past the end, so decoders built on it never see a RangeError or undefined.
 */
export class ByteReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Reads a big-endian uint32. */
  uint32(field: string): number {
    this.need(4, field);
    const value = this.view.getUint32(this.offset, false);
    this.offset += 4;
    return value;
  }

  /** Reads 32 bytes as 0x hex. */
  bytes32(field: string): Hex {
    return bytesToHex(this.take(32, field));
  }

  /** Reads `length` bytes as a view into the input (callers copy when they keep it). */
  take(length: number, field: string): Uint8Array {
    this.need(length, field);
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  /** Throws TrailingBytesError unless the input is fully consumed. */
  end(): void {
    if (this.remaining !== 0) throw new TrailingBytesError(this.what, this.remaining);
  }

  private need(length: number, field: string): void {
    if (length > this.remaining) throw new TruncatedInputError(`${this.what} ${field}`, length, this.remaining);
  }
}

/** Writes a big-endian uint32 at `offset`. */
export function writeUint32(target: Uint8Array, offset: number, value: number): void {
  target[offset] = value >>> 24;
  target[offset + 1] = (value >>> 16) & 0xff;
  target[offset + 2] = (value >>> 8) & 0xff;
  target[offset + 3] = value & 0xff;
}

/** Whether `value` is an integer in 0..2^32-1. */
export function isUint32(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff;
}
