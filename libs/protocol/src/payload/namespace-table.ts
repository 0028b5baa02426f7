import { hexToBytes, isHex } from 'viem';
import { InvalidFieldError, NamespaceOrderError } from '../errors/decode-errors';
import type { Bytes32, NamespaceEntry } from '../model/types';
import { isUint32, writeU32 } from '../codec/bytes';
import { keccakBytes } from './keccak';

/** The ABI type of the namespace table, as Solidity declares `NamespaceEntry[]`. */
export const NAMESPACE_TABLE_ABI = {
  type: 'tuple[]',
  components: [
    { name: 'namespace', type: 'uint32' },
    { name: 'txCount', type: 'uint32' },
    { name: 'payloadHash', type: 'bytes32' },
  ],
} as const;

/**
 * `keccakBytes(abi.encode(NamespaceEntry[]))`: the header's payload commitment. Encoded by hand (the table is an
 * array of static tuples: offset, length, then three words per entry) because it is hashed on every block;
 * the spec checks it against viem's encodeAbiParameters. Throws InvalidFieldError for a field outside its type.
 */
export function payloadCommitment(table: readonly NamespaceEntry[]): Bytes32 {
  const out = new Uint8Array(64 + 96 * table.length);
  out[31] = 0x20;
  writeU32(out, 60, table.length);
  table.forEach((entry, i) => {
    assertEntryFields(entry);
    const at = 64 + 96 * i;
    writeU32(out, at + 28, entry.namespace);
    writeU32(out, at + 60, entry.txCount);
    out.set(hexToBytes(entry.payloadHash), at + 64);
  });
  return keccakBytes(out);
}

/** Throws a DecodeError unless every entry's fields fit their ABI types and namespaces strictly ascend. */
export function assertNamespaceTable(table: readonly NamespaceEntry[]): void {
  for (let i = 0; i < table.length; i++) {
    assertEntryFields(table[i]);
    if (i > 0 && table[i].namespace <= table[i - 1].namespace) {
      const reason = table[i].namespace === table[i - 1].namespace ? 'duplicate' : 'unsorted';
      throw new NamespaceOrderError(reason, i, table[i].namespace, table[i - 1].namespace);
    }
  }
}

/** The index of `namespace` in a sorted table, or -1 (binary search). */
export function findNamespace(table: readonly NamespaceEntry[], namespace: number): number {
  let low = 0;
  let high = table.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const found = table[mid].namespace;
    if (found === namespace) return mid;
    if (found < namespace) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

function assertEntryFields(entry: NamespaceEntry): void {
  if (!isUint32(entry.namespace)) throw new InvalidFieldError('namespace', entry.namespace, 'a uint32');
  if (!isUint32(entry.txCount)) throw new InvalidFieldError('txCount', entry.txCount, 'a uint32');
  if (
    typeof entry.payloadHash !== 'string' ||
    !isHex(entry.payloadHash, { strict: true }) ||
    entry.payloadHash.length !== 66
  ) {
    throw new InvalidFieldError('payloadHash', entry.payloadHash, '32 bytes of 0x hex');
  }
}
