import { LengthOutOfRangeError } from '../errors/decode-errors';
import type { BlockPayload, NamespaceEntry } from '../model/types';
import { assertWithinBound, type BlockBounds } from './block-bounds';
import { ByteReader } from '../codec/byte-reader';
import { ByteWriter } from '../codec/byte-writer';
import { assertNamespaceTable } from './namespace-table';

/** Bytes per table row on the wire: namespace, txCount, payloadHash, payload length. */
const ROW_BYTES = 4 + 4 + 32 + 4;

/**
 * The bytes each decoded payload was decoded from (a copy its namespace payloads view). The encoding is
 * canonical, so they are what encodeBlockPayload would write; neither they nor the payload are ever mutated.
 */
const encodedForms = new WeakMap<BlockPayload, Uint8Array>();

/**
 * Encodes a block payload for sending between nodes. The wire form, all integers big-endian:
 *
 *   uint32 entryCount
 *   entryCount x { uint32 namespace, uint32 txCount, bytes32 payloadHash, uint32 payloadLength }
 *   the namespace payloads, back to back in table order
 *
 * The table travels whole so a receiver can check the commitment before touching the data, and the lengths sit
 * up front so a short or padded frame is caught before any payload is sliced. The encoding is canonical:
 * decodeBlockPayload accepts exactly one byte string per payload.
 */
export function encodeBlockPayload(payload: BlockPayload): Uint8Array {
  const known = encodedForms.get(payload);
  if (known) return known;
  const w = new ByteWriter(encodedBlockPayloadSize(payload));
  writeBlockPayload(w, payload);
  return w.finish();
}

/** How many bytes encodeBlockPayload gives for `payload`: a message carrying it sizes its writer with this. */
export function encodedBlockPayloadSize(payload: BlockPayload): number {
  const data = payload.namespacePayloads.reduce((sum, bytes) => sum + bytes.length, 0);
  return 4 + ROW_BYTES * payload.namespaceTable.length + data;
}

/**
 * Room a message carrying a block needs besides the block (leaf, certificates, signature, ids): a writer sized with
 * it and encodedBlockPayloadSize never grows.
 */
export const BLOCK_MESSAGE_HEADROOM_BYTES = 4096;

/** Writes the payload's encoded length (uint32), then its encoding: how messages carry a block. */
export function writeSizedBlockPayload(w: ByteWriter, payload: BlockPayload): void {
  w.u32(encodedBlockPayloadSize(payload), 'payload length');
  writeBlockPayload(w, payload);
}

/** Writes encodeBlockPayload's bytes into `w`, without encoding them apart first. */
function writeBlockPayload(w: ByteWriter, payload: BlockPayload): void {
  const known = encodedForms.get(payload);
  if (known) {
    w.raw(known);
    return;
  }
  const { namespaceTable: table, namespacePayloads: payloads } = payload;
  w.u32(table.length, 'entry count');
  table.forEach((entry, i) => {
    w.u32(entry.namespace, 'namespace');
    w.u32(entry.txCount, 'txCount');
    w.bytes32(entry.payloadHash, 'payloadHash');
    w.u32(payloads[i].length, 'payload length');
  });
  for (const bytes of payloads) w.raw(bytes);
}

/**
 * Where each namespace payload starts inside encodeBlockPayload's bytes: a store that keeps the encoded block once
 * can point a transaction at its bytes there.
 */
export function encodedNamespaceOffsets(payload: BlockPayload): number[] {
  let at = 4 + ROW_BYTES * payload.namespaceTable.length;
  return payload.namespacePayloads.map((bytes) => {
    const start = at;
    at += bytes.length;
    return start;
  });
}

/**
 * Decodes the wire form of encodeBlockPayload from untrusted bytes. Checks the framing, that namespaces strictly
 * ascend, and `maxBlockTxs` (every entry holds at least one transaction) and `maxBlockBytes` before allocating;
 * hashes and transaction counts are checkBlockPayload's job. Throws only DecodeError subclasses.
 */
export function decodeBlockPayload(bytes: Uint8Array, bounds: BlockBounds): BlockPayload {
  const reader = new ByteReader(bytes, 'block payload');
  const entryCount = reader.u32('entry count');
  assertWithinBound(bounds, 'maxBlockTxs', entryCount);
  if (entryCount * ROW_BYTES > reader.remaining) {
    throw new LengthOutOfRangeError('block payload namespace table', entryCount * ROW_BYTES, reader.remaining);
  }
  const namespaceTable: NamespaceEntry[] = [];
  const lengths: number[] = [];
  let total = 0;
  for (let i = 0; i < entryCount; i++) {
    const namespace = reader.u32('namespace');
    const txCount = reader.u32('txCount');
    const payloadHash = reader.bytes32('payloadHash');
    const length = reader.u32('payload length');
    namespaceTable.push({ namespace, txCount, payloadHash });
    lengths.push(length);
    total += length;
  }
  assertNamespaceTable(namespaceTable);
  assertWithinBound(bounds, 'maxBlockBytes', total);
  if (total > reader.remaining) throw new LengthOutOfRangeError('block payload data', total, reader.remaining);
  for (const length of lengths) reader.view(length, 'namespace payload');
  reader.end();
  // One copy of the whole encoding, which the namespace payloads view and encodeBlockPayload gives back: a
  // received block is then allocated once, not once to decode and again to store or forward it.
  const owned = new Uint8Array(bytes);
  let at = bytes.length - total;
  const namespacePayloads = lengths.map((length) => owned.subarray(at, (at += length)));
  const payload = { namespaceTable, namespacePayloads };
  encodedForms.set(payload, owned);
  return payload;
}
