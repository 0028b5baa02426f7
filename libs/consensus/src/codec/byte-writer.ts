import { hexToBytes, type Hex } from 'viem';
import { UnencodableMessageError } from './codec-errors';

/** A growable big-endian byte buffer for encoding messages. */
export class ByteWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  u8(value: number, field: string): void {
    this.checkInteger(value, 0xff, field);
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  u16(value: number, field: string): void {
    this.checkInteger(value, 0xffff, field);
    this.reserve(2);
    this.view.setUint16(this.length, value);
    this.length += 2;
  }

  u32(value: number, field: string): void {
    this.checkInteger(value, 0xffff_ffff, field);
    this.reserve(4);
    this.view.setUint32(this.length, value);
    this.length += 4;
  }

  /** A uint64 from a safe integer (views, heights, timestamps). */
  u64(value: number, field: string): void {
    this.checkInteger(value, Number.MAX_SAFE_INTEGER, field);
    this.u64Big(BigInt(value), field);
  }

  u64Big(value: bigint, field: string): void {
    if (value < 0n || value > 0xffff_ffff_ffff_ffffn) throw new UnencodableMessageError(field, 'is not a uint64');
    this.reserve(8);
    this.view.setBigUint64(this.length, value);
    this.length += 8;
  }

  /** 32 bytes from 0x hex. */
  bytes32(value: Hex, field: string): void {
    const bytes = hexToBytes(value);
    if (bytes.length !== 32) throw new UnencodableMessageError(field, 'is not 32 bytes');
    this.raw(bytes);
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** The bytes written so far. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  private checkInteger(value: number, max: number, field: string): void {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new UnencodableMessageError(field, `must be an integer in 0..${max}`);
    }
  }
}
