/** Big-endian integer helpers over plain Uint8Arrays, so the codec needs no Node Buffer and no DataView per frame. */

/** Reads a uint16 at `offset`. */
export function readU16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 8) | bytes[offset + 1];
}

/** Reads a uint32 at `offset`. */
export function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

/** Writes a uint16 at `offset`. */
export function writeU16(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 8;
  bytes[offset + 1] = value;
}

/** Writes a uint32 at `offset`. */
export function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = value >>> 16;
  bytes[offset + 2] = value >>> 8;
  bytes[offset + 3] = value;
}

/** Reads a uint64 at `offset` as a bigint. */
export function readU64(bytes: Uint8Array, offset: number): bigint {
  return (BigInt(readU32(bytes, offset)) << 32n) | BigInt(readU32(bytes, offset + 4));
}

/** Writes a uint64 (0 <= value < 2^64) at `offset`. */
export function writeU64(bytes: Uint8Array, offset: number, value: bigint): void {
  writeU32(bytes, offset, Number(value >> 32n));
  writeU32(bytes, offset + 4, Number(value & 0xffffffffn));
}

/** Reads a uint256 at `offset` as a bigint. */
export function readU256(bytes: Uint8Array, offset: number): bigint {
  let value = 0n;
  for (let i = 0; i < 32; i += 4) value = (value << 32n) | BigInt(readU32(bytes, offset + i));
  return value;
}

/** Writes a uint256 (0 <= value < 2^256) at `offset`. */
export function writeU256(bytes: Uint8Array, offset: number, value: bigint): void {
  for (let i = 28; i >= 0; i -= 4) {
    writeU32(bytes, offset + i, Number(value & 0xffffffffn));
    value >>= 32n;
  }
}

/** Reads an IEEE 754 double at `offset`. */
export function readF64(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset + offset, 8).getFloat64(0, false);
}

/** Writes an IEEE 754 double at `offset`. */
export function writeF64(bytes: Uint8Array, offset: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset + offset, 8).setFloat64(0, value, false);
}

/** Whether two byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
