import { keccak_256 } from '@noble/hashes/sha3.js';
import { createKeccak, type IHasher } from 'hash-wasm';
import { bytesToHex } from 'viem';
import type { Bytes32 } from '../model/types';

let wasm: IHasher | undefined;

/**
 * Loads the WebAssembly keccak (hash-wasm: 1 MB in about 6 ms against 40 for @noble/hashes). It starts loading
 * when this module is imported; a binary awaits it at boot so every payload is hashed by it. Until it is ready,
 * or where WebAssembly is unavailable, keccakBytes runs on noble with the same results.
 */
export async function loadFastKeccak(): Promise<boolean> {
  try {
    wasm ??= await createKeccak(256);
  } catch {
    // noble stays: slower, same bytes.
  }
  return wasm !== undefined;
}
void loadFastKeccak();

/** keccak256 of bytes as 0x hex; the same result as viem's keccak256. */
export function keccakBytes(bytes: Uint8Array): Bytes32 {
  return keccakOfParts([bytes]);
}

/** keccak256 of the parts' concatenation as 0x hex, without building the concatenation. */
export function keccakOfParts(parts: readonly Uint8Array[]): Bytes32 {
  if (wasm) {
    // Synchronous once loaded; init resets the state the previous call left.
    wasm.init();
    for (const part of parts) wasm.update(part);
    return bytesToHex(wasm.digest('binary'));
  }
  const hasher = keccak_256.create();
  for (const part of parts) hasher.update(part);
  return bytesToHex(hasher.digest());
}

/** keccakBytes on @noble/hashes alone: the reference the fast path is tested against. */
export function keccakBytesNoble(bytes: Uint8Array): Bytes32 {
  return bytesToHex(keccak_256(bytes));
}
