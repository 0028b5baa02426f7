import type { Bytes32, Transaction } from '@hotshot/protocol';

/** Bytes from each end of a payload that go into its fingerprint. */
const EDGE_BYTES = 16;
/** Transactions compared byte for byte per lookup; past that the caller hashes (crafted look-alikes cost no more). */
const MAX_CANDIDATES = 4;

interface Indexed {
  readonly hash: Bytes32;
  readonly tx: Transaction;
}

/**
 * Transactions by a cheap fingerprint of their bytes (namespace, length, both ends), so a node recognises a block's
 * transaction it already holds and takes the hash it computed on arrival instead of hashing the bytes again: keccak
 * was a quarter of a node's CPU at saturation, and a block's transactions were hashed twice. A match is confirmed by
 * comparing every byte, which costs a small fraction of hashing them.
 */
export class ContentIndex {
  private readonly byFingerprint = new Map<string, Indexed[]>();

  add(hash: Bytes32, tx: Transaction): void {
    const key = fingerprint(tx);
    const list = this.byFingerprint.get(key);
    if (list) list.push({ hash, tx });
    else this.byFingerprint.set(key, [{ hash, tx }]);
  }

  remove(hash: Bytes32, tx: Transaction): void {
    const key = fingerprint(tx);
    const list = this.byFingerprint.get(key);
    if (!list) return;
    const at = list.findIndex((entry) => entry.hash === hash);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.byFingerprint.delete(key);
  }

  /** The hash of a held transaction with exactly `tx`'s namespace and bytes, or undefined. */
  hashOf(tx: Transaction): Bytes32 | undefined {
    const list = this.byFingerprint.get(fingerprint(tx));
    if (!list) return undefined;
    for (let i = 0; i < list.length && i < MAX_CANDIDATES; i++) {
      const held = list[i]!.tx;
      if (held.namespace === tx.namespace && asBuffer(held.payload).equals(tx.payload)) return list[i]!.hash;
    }
    return undefined;
  }

  get size(): number {
    return this.byFingerprint.size;
  }
}

function fingerprint(tx: Transaction): string {
  const bytes = asBuffer(tx.payload);
  const head = bytes.toString('latin1', 0, EDGE_BYTES);
  const tail =
    bytes.length > EDGE_BYTES ? bytes.toString('latin1', Math.max(EDGE_BYTES, bytes.length - EDGE_BYTES)) : '';
  return `${tx.namespace}:${bytes.length}:${head}:${tail}`;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
