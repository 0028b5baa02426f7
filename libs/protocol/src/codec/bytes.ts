/**
 * Big-endian integers at absolute offsets in plain Uint8Arrays: the one implementation every codec uses, directly
 * or through ByteReader and ByteWriter. No Node Buffer, no DataView per call, and no bounds checks: a caller reads
 * only inside a length it has checked (ByteReader checks each field; fixed-layout frame codecs check the body
 * length once), because an out-of-range read here yields `undefined` bytes, not an error.
 */

/** Reads a uint16 at `offset`. */
export function readU16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 8) | bytes[offset + 1];
}

/** Reads a uint32 at `offset`. */
export function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

/** Reads a uint64 at `offset` as a bigint. */
export function readU64(bytes: Uint8Array, offset: number): bigint {
  return (BigInt(readU32(bytes, offset)) << 32n) | BigInt(readU32(bytes, offset + 4));
}

/** Reads a uint256 at `offset` as a bigint. */
export function readU256(bytes: Uint8Array, offset: number): bigint {
  let value = 0n;
  for (let i = 0; i < 32; i += 4) value = (value << 32n) | BigInt(readU32(bytes, offset + i));
  return value;
}

/** Reads an IEEE 754 double at `offset`. */
export function readF64(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset + offset, 8).getFloat64(0, false);
}

/** Writes a uint16 (0..2^16-1) at `offset`. */
export function writeU16(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 8;
  bytes[offset + 1] = value;
}

/** Writes a uint32 (0..2^32-1) at `offset`. */
export function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = value >>> 16;
  bytes[offset + 2] = value >>> 8;
  bytes[offset + 3] = value;
}

/** Writes a uint64 (0 <= value < 2^64) at `offset`. */
export function writeU64(bytes: Uint8Array, offset: number, value: bigint): void {
  writeU32(bytes, offset, Number(value >> 32n));
  writeU32(bytes, offset + 4, Number(value & 0xffffffffn));
}

/** Writes a uint256 (0 <= value < 2^256) at `offset`. */
export function writeU256(bytes: Uint8Array, offset: number, value: bigint): void {
  for (let i = 28; i >= 0; i -= 4) {
    writeU32(bytes, offset + i, Number(value & 0xffffffffn));
    value >>= 32n;
  }
}

/** Writes an IEEE 754 double at `offset`. */
export function writeF64(bytes: Uint8Array, offset: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset + offset, 8).setFloat64(0, value, false);
}

/** Whether `value` is an integer in 0..2^32-1. */
export function isUint32(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff;
}
