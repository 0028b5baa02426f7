import fc from 'fast-check';
import { bytesToHex, hexToBytes, keccak256 } from 'viem';
import {
  DecodeError,
  LengthOutOfRangeError,
  NamespaceOrderError,
  TrailingBytesError,
  TruncatedInputError,
} from '../errors/decode-errors';
import { assertDecodesCanonicallyOrThrowsTyped, fuzzBytesArb } from '../testing/byte-fuzz';
import { BoundExceededError, type BlockBounds } from './block-bounds';
import { buildBlockPayload, checkBlockPayload } from './block-payload';
import { decodeBlockPayload, encodeBlockPayload, encodedNamespaceOffsets } from './block-payload-codec';

const bounds: BlockBounds = { maxTxBytes: 64, maxBlockBytes: 4096, maxBlockTxs: 64 };
const txsArb = fc.array(
  fc.record({ namespace: fc.oneof(fc.nat(5), fc.nat()), payload: fc.uint8Array({ maxLength: 64 }) }),
  { maxLength: 20 },
);
const payloadArb = txsArb.map((txs) => buildBlockPayload(txs, bounds));

describe('block payload wire form', () => {
  it('lays out the table (namespace, txCount, hash, length) before the data', () => {
    const payload = buildBlockPayload([{ namespace: 2, payload: Uint8Array.of(0xee) }], bounds);
    const hash = payload.namespaceTable[0].payloadHash.slice(2);
    const row = `00000002` + `00000001` + hash + `00000009`;
    const data = `00000001` + `00000001` + `ee`;
    expect(bytesToHex(encodeBlockPayload(payload))).toBe(`0x00000001${row}${data}`);
  });

  it('says where each namespace payload lies inside the encoding', () => {
    fc.assert(
      fc.property(payloadArb, (payload) => {
        const encoded = encodeBlockPayload(payload);
        const offsets = encodedNamespaceOffsets(payload);
        expect(offsets).toHaveLength(payload.namespacePayloads.length);
        payload.namespacePayloads.forEach((bytes, i) => {
          expect(encoded.subarray(offsets[i], offsets[i]! + bytes.length)).toEqual(bytes);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips every block payload, and what it decodes still checks', () => {
    fc.assert(
      fc.property(payloadArb, (payload) => {
        const decoded = decodeBlockPayload(encodeBlockPayload(payload), bounds);
        expect(decoded).toEqual(payload);
        expect(checkBlockPayload(decoded, bounds).txCount).toBe(checkBlockPayload(payload, bounds).txCount);
      }),
      { numRuns: 200 },
    );
  });

  it('copies what it decodes once, and encodes a decoded payload by giving those bytes back', () => {
    const payload = buildBlockPayload(
      [
        { namespace: 2, payload: Uint8Array.of(1, 2) },
        { namespace: 7, payload: Uint8Array.of(3) },
      ],
      bounds,
    );
    const received = Buffer.from(encodeBlockPayload(payload));
    const decoded = decodeBlockPayload(received, bounds);
    const [first, second] = decoded.namespacePayloads;
    // One plain copy that both namespace payloads view; the caller's buffer is not aliased.
    expect(first!.buffer).toBe(second!.buffer);
    expect(first!.buffer).not.toBe(received.buffer);
    received.fill(0);
    expect(decoded).toEqual(payload);
    const encoded = encodeBlockPayload(decoded);
    expect(encoded.buffer).toBe(first!.buffer);
    expect(encoded).toEqual(encodeBlockPayload(payload));
  });

  it('refuses truncated frames, lengths past the end and trailing bytes', () => {
    const bytes = encodeBlockPayload(buildBlockPayload([{ namespace: 1, payload: Uint8Array.of(1, 2, 3) }], bounds));
    expect(() => decodeBlockPayload(bytes.slice(0, 3), bounds)).toThrow(TruncatedInputError);
    expect(() => decodeBlockPayload(bytes.slice(0, 20), bounds)).toThrow(LengthOutOfRangeError);
    expect(() => decodeBlockPayload(bytes.slice(0, bytes.length - 1), bounds)).toThrow(LengthOutOfRangeError);
    expect(() => decodeBlockPayload(Uint8Array.from([...bytes, 0]), bounds)).toThrow(TrailingBytesError);
  });

  it('refuses unsorted and duplicate namespaces in the table', () => {
    const one = (namespace: number) => ({ namespace, payload: Uint8Array.of(namespace) });
    const bytes = encodeBlockPayload(buildBlockPayload([one(1), one(2)], bounds));
    const rowNamespace = (row: number) => 4 + 44 * row;
    const swapped = Uint8Array.from(bytes);
    new DataView(swapped.buffer).setUint32(rowNamespace(0), 3);
    expect(() => decodeBlockPayload(swapped, bounds)).toThrow(expect.objectContaining({ reason: 'unsorted' }));
    const twice = Uint8Array.from(bytes);
    new DataView(twice.buffer).setUint32(rowNamespace(1), 1);
    expect(() => decodeBlockPayload(twice, bounds)).toThrow(NamespaceOrderError);
  });

  it('checks the bounds before allocating', () => {
    expect(() => decodeBlockPayload(hexToBytes('0xffffffff'), bounds)).toThrow(BoundExceededError);
    const bytes = encodeBlockPayload(buildBlockPayload([{ namespace: 1, payload: new Uint8Array(60) }], bounds));
    expect(() => decodeBlockPayload(bytes, { ...bounds, maxBlockBytes: 60 })).toThrow(
      expect.objectContaining({ bound: 'maxBlockBytes' }),
    );
  });

  it('either decodes canonically or throws a DecodeError for random and mutated bytes', () => {
    const seen = { decoded: 0, refused: 0 };
    fc.assert(
      fc.property(fuzzBytesArb(payloadArb.map(encodeBlockPayload)), (bytes) => {
        seen[assertDecodesCanonicallyOrThrowsTyped(bytes, (b) => decodeBlockPayload(b, bounds), encodeBlockPayload)]++;
        // Whatever decodes, the full check either accepts or refuses with a DecodeError, never anything else.
        try {
          checkBlockPayload(decodeBlockPayload(bytes, bounds), bounds);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 2000 },
    );
    expect(seen.decoded).toBeGreaterThan(20);
    expect(seen.refused).toBeGreaterThan(200);
  });

  it('decodes hashes that checkBlockPayload then catches when the data was altered', () => {
    const payload = buildBlockPayload([{ namespace: 4, payload: Uint8Array.of(1, 2) }], bounds);
    const bytes = encodeBlockPayload(payload);
    bytes[bytes.length - 1] ^= 1;
    const decoded = decodeBlockPayload(bytes, bounds);
    expect(keccak256(decoded.namespacePayloads[0])).not.toBe(decoded.namespaceTable[0].payloadHash);
    expect(() => checkBlockPayload(decoded, bounds)).toThrow(
      expect.objectContaining({ name: 'CommitmentMismatchError' }),
    );
  });
});
