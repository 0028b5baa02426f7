import { InvalidFieldError, TrailingBytesError, TruncatedInputError } from '@hotshot/protocol';
import { bytesToHex, type Hex } from 'viem';

/**
 * A cursor over untrusted bytes: every read checks the remaining length first and throws a DecodeError subclass
 * (never a RangeError), so a peer's garbage can only ever produce typed errors.
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

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u8(field: string): number {
    this.need(1, field);
    return this.bytes[this.offset++];
  }

  u16(field: string): number {
    this.need(2, field);
    const value = this.view.getUint16(this.offset);
    this.offset += 2;
    return value;
  }

  u32(field: string): number {
    this.need(4, field);
    const value = this.view.getUint32(this.offset);
    this.offset += 4;
    return value;
  }

  /** A uint64 that must fit a safe integer (views, heights, timestamps). */
  u64(field: string): number {
    const value = this.u64Big(field);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidFieldError(field, value, 'a safe integer');
    return Number(value);
  }

  u64Big(field: string): bigint {
    this.need(8, field);
    const value = this.view.getBigUint64(this.offset);
    this.offset += 8;
    return value;
  }

  /** A 0 or 1 byte. */
  bool(field: string): boolean {
    const value = this.u8(field);
    if (value > 1) throw new InvalidFieldError(field, value, '0 or 1');
    return value === 1;
  }

  bytes32(field: string): Hex {
    return bytesToHex(this.take(32, field));
  }

  /** A copy of the next `length` bytes. */
  take(length: number, field: string): Uint8Array {
    this.need(length, field);
    // A plain Uint8Array copy: on a Node Buffer (what sockets deliver) `slice` returns a view that would pin the
    // whole received chunk and serialize as {"type":"Buffer"} rather than as bytes.
    const out = new Uint8Array(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return out;
  }

  /** Throws TrailingBytesError unless everything was read. */
  end(): void {
    if (this.remaining !== 0) throw new TrailingBytesError(this.what, this.remaining);
  }

  private need(length: number, field: string): void {
    if (length > this.remaining) throw new TruncatedInputError(`${this.what} ${field}`, length, this.remaining);
  }
}
