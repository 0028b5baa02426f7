import { LengthOutOfRangeError, TrailingBytesError } from '../errors/decode-errors';
import { assertWithinBound, type BlockBounds } from './block-bounds';
import { ByteReader } from '../codec/byte-reader';
import { writeU32 } from '../codec/bytes';

/** Bytes in a namespace payload's fixed part: the uint32 count. */
const COUNT_BYTES = 4;
/** Bytes per transaction in the length table. */
const LENGTH_BYTES = 4;

/** The encoded size of a namespace payload holding transactions of these byte lengths. */
export function namespacePayloadSize(payloadLengths: readonly number[]): number {
  let size = COUNT_BYTES + LENGTH_BYTES * payloadLengths.length;
  for (const length of payloadLengths) size += length;
  return size;
}

/**
 * Encodes one namespace's transaction payloads (DESIGN.md section 3): `uint32 count`, `count x uint32 length`,
 * then the bytes back to back, all big-endian.
 */
export function encodeNamespacePayload(payloads: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(namespacePayloadSize(payloads.map((p) => p.length)));
  writeU32(out, 0, payloads.length);
  let lengthAt = COUNT_BYTES;
  let dataAt = COUNT_BYTES + LENGTH_BYTES * payloads.length;
  for (const payload of payloads) {
    writeU32(out, lengthAt, payload.length);
    out.set(payload, dataAt);
    lengthAt += LENGTH_BYTES;
    dataAt += payload.length;
  }
  return out;
}

/**
 * Decodes a namespace payload from untrusted bytes into its transaction payloads (copies, not views).
 * Checks the count against `maxBlockTxs`, each length against `maxTxBytes` and the whole against `maxBlockBytes`
 * before allocating, and that the lengths add up to exactly the bytes that follow. Throws only DecodeError
 * subclasses.
 */
export function decodeNamespacePayload(bytes: Uint8Array, bounds: BlockBounds): Uint8Array[] {
  // Copies, not views: Buffer.slice would alias the caller's (possibly pooled) memory.
  return namespaceTransactionSpans(bytes, bounds).map(
    ({ offset, length }) => new Uint8Array(bytes.subarray(offset, offset + length)),
  );
}

/** Where one transaction's bytes lie inside its namespace payload. */
export interface TransactionSpan {
  readonly offset: number;
  readonly length: number;
}

/**
 * The byte span of each transaction inside a namespace payload, checked as decodeNamespacePayload checks it,
 * without copying: a store keeps the namespace payload once and finds a transaction by its span.
 */
export function namespaceTransactionSpans(bytes: Uint8Array, bounds: BlockBounds): TransactionSpan[] {
  const lengths = namespacePayloadLengths(bytes, bounds);
  let offset = COUNT_BYTES + LENGTH_BYTES * lengths.length;
  return lengths.map((length) => {
    const span = { offset, length };
    offset += length;
    return span;
  });
}

/**
 * Checks a namespace payload's framing as decodeNamespacePayload does and returns its transaction lengths,
 * without copying the data (what block validation needs).
 */
export function namespacePayloadLengths(bytes: Uint8Array, bounds: BlockBounds): number[] {
  assertWithinBound(bounds, 'maxBlockBytes', bytes.length);
  const reader = new ByteReader(bytes, 'namespace payload');
  const count = reader.u32('count');
  assertWithinBound(bounds, 'maxBlockTxs', count);
  // Checked before the loop so a huge count in a short input costs nothing.
  if (count * LENGTH_BYTES > reader.remaining) {
    throw new LengthOutOfRangeError('namespace payload length table', count * LENGTH_BYTES, reader.remaining);
  }
  const lengths: number[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const length = reader.u32('transaction length');
    assertWithinBound(bounds, 'maxTxBytes', length);
    lengths.push(length);
    total += length;
  }
  if (total > reader.remaining) throw new LengthOutOfRangeError('namespace payload data', total, reader.remaining);
  if (total < reader.remaining) throw new TrailingBytesError('namespace payload', reader.remaining - total);
  return lengths;
}
