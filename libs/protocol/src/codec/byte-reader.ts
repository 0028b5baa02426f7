import { bytesToHex, type Hex } from 'viem';
import { InvalidFieldError, TrailingBytesError, TruncatedInputError } from '../errors/decode-errors';
import { readF64, readU16, readU256, readU32, readU64 } from './bytes';

/** The high word of the largest uint64 that is a safe integer (2^53 - 1). */
const MAX_SAFE_HIGH_WORD = 0x1f_ffff;

/**
 * The one cursor over untrusted bytes, all integers big-endian. Every read checks the remaining length first and
 * throws a DecodeError subclass (TruncatedInputError, InvalidFieldError, TrailingBytesError), never a RangeError
 * or `undefined`, so a peer's garbage can only ever produce typed errors. `field` names what is read, for the
 * error. It allocates nothing but what a read returns.
 */
export class ByteReader {
  private offset = 0;

  /** `what` names the whole encoding in errors ("consensus message"). */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  /** Bytes not read yet. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Reads a uint8. */
  u8(field: string): number {
    this.need(1, field);
    return this.bytes[this.offset++];
  }

  /** Reads a uint16. */
  u16(field: string): number {
    this.need(2, field);
    const value = readU16(this.bytes, this.offset);
    this.offset += 2;
    return value;
  }

  /** Reads a uint32. */
  u32(field: string): number {
    this.need(4, field);
    const value = readU32(this.bytes, this.offset);
    this.offset += 4;
    return value;
  }

  /** Reads a uint64 that must be a safe integer (views, heights, timestamps); InvalidFieldError otherwise. */
  u64(field: string): number {
    this.need(8, field);
    const high = readU32(this.bytes, this.offset);
    if (high > MAX_SAFE_HIGH_WORD)
      throw new InvalidFieldError(field, readU64(this.bytes, this.offset), 'a safe integer');
    const low = readU32(this.bytes, this.offset + 4);
    this.offset += 8;
    return high * 0x1_0000_0000 + low;
  }

  /** Reads a uint64 as a bigint. */
  u64Big(field: string): bigint {
    this.need(8, field);
    const value = readU64(this.bytes, this.offset);
    this.offset += 8;
    return value;
  }

  /** Reads a uint256 as a bigint. */
  u256(field: string): bigint {
    this.need(32, field);
    const value = readU256(this.bytes, this.offset);
    this.offset += 32;
    return value;
  }

  /** Reads an IEEE 754 double (any bit pattern, NaN included: callers check what they accept). */
  f64(field: string): number {
    this.need(8, field);
    const value = readF64(this.bytes, this.offset);
    this.offset += 8;
    return value;
  }

  /** Reads a 0 or 1 byte; InvalidFieldError for anything else. */
  bool(field: string): boolean {
    const value = this.u8(field);
    if (value > 1) throw new InvalidFieldError(field, value, '0 or 1');
    return value === 1;
  }

  /** Reads 32 bytes as 0x hex. */
  bytes32(field: string): Hex {
    return bytesToHex(this.view(32, field));
  }

  /** The next `length` bytes as a view into the input, not a copy: for bytes used and dropped, or copied later. */
  view(length: number, field: string): Uint8Array {
    this.need(length, field);
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  /** A copy of the next `length` bytes, for bytes kept beyond the input's life. */
  copy(length: number, field: string): Uint8Array {
    // A plain Uint8Array copy: on a Node Buffer (what sockets deliver) `slice` returns a view that would pin the
    // whole received chunk and serialize as {"type":"Buffer"} rather than as bytes.
    return new Uint8Array(this.view(length, field));
  }

  /** Throws TrailingBytesError unless everything was read. */
  end(): void {
    if (this.remaining !== 0) throw new TrailingBytesError(this.what, this.remaining);
  }

  private need(length: number, field: string): void {
    if (length > this.bytes.length - this.offset) {
      throw new TruncatedInputError(`${this.what} ${field}`, length, this.remaining);
    }
  }
}
