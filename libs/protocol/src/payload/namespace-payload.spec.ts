import fc from 'fast-check';
import { bytesToHex, hexToBytes } from 'viem';
import { DEFAULT_CONSENSUS_CONFIG } from '../config/consensus-config';
import { DecodeError, LengthOutOfRangeError, TrailingBytesError, TruncatedInputError } from '../errors/decode-errors';
import { assertDecodesCanonicallyOrThrowsTyped, fuzzBytesArb } from '../testing/byte-fuzz';
import { BoundExceededError, UNBOUNDED, blockBoundsFromConfig, type BlockBounds } from './block-bounds';
import {
  decodeNamespacePayload,
  encodeNamespacePayload,
  namespacePayloadSize,
  namespaceTransactionSpans,
} from './namespace-payload';

const bounds: BlockBounds = { maxTxBytes: 64, maxBlockBytes: 4096, maxBlockTxs: 32 };
const payloadsArb = fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 12 });

describe('namespace payload encoding', () => {
  it('is count, lengths, then bytes, all big-endian', () => {
    const encoded = encodeNamespacePayload([new Uint8Array([0xaa, 0xbb]), new Uint8Array(0), new Uint8Array([0xcc])]);
    expect(bytesToHex(encoded)).toBe('0x' + '00000003' + '00000002' + '00000000' + '00000001' + 'aabbcc');
    expect(bytesToHex(encodeNamespacePayload([]))).toBe('0x00000000');
  });

  it('round-trips any list of payloads and predicts its size', () => {
    fc.assert(
      fc.property(payloadsArb, (payloads) => {
        const encoded = encodeNamespacePayload(payloads);
        expect(encoded.length).toBe(namespacePayloadSize(payloads.map((p) => p.length)));
        expect(decodeNamespacePayload(encoded, bounds)).toEqual(payloads);
      }),
    );
  });

  it('returns copies, so the caller may reuse its buffer', () => {
    const encoded = encodeNamespacePayload([new Uint8Array([1, 2])]);
    const [payload] = decodeNamespacePayload(encoded, bounds);
    encoded[encoded.length - 1] = 9;
    expect(payload).toEqual(new Uint8Array([1, 2]));
  });

  it('refuses truncated input, lengths past the end and trailing bytes with their own errors', () => {
    expect(() => decodeNamespacePayload(new Uint8Array([0, 0, 1]), bounds)).toThrow(TruncatedInputError);
    // Announces two transactions but holds one length.
    expect(() => decodeNamespacePayload(hexToBytes('0x0000000200000000'), bounds)).toThrow(LengthOutOfRangeError);
    // One transaction of 4 bytes, only 3 present.
    expect(() => decodeNamespacePayload(hexToBytes('0x0000000100000004aabbcc'), bounds)).toThrow(LengthOutOfRangeError);
    expect(() => decodeNamespacePayload(hexToBytes('0x0000000100000001aabb'), bounds)).toThrow(TrailingBytesError);
    expect(() => decodeNamespacePayload(hexToBytes('0x00000000ff'), bounds)).toThrow(TrailingBytesError);
  });

  it('names the bound a payload breaks, before allocating for a huge count', () => {
    const bound = (bytes: Uint8Array, b: BlockBounds) => {
      try {
        decodeNamespacePayload(bytes, b);
      } catch (error) {
        return error instanceof BoundExceededError ? error.bound : error;
      }
      return 'accepted';
    };
    const two = encodeNamespacePayload([new Uint8Array(10), new Uint8Array(10)]);
    expect(bound(two, { ...bounds, maxBlockTxs: 1 })).toBe('maxBlockTxs');
    expect(bound(two, { ...bounds, maxTxBytes: 9 })).toBe('maxTxBytes');
    expect(bound(two, { ...bounds, maxBlockBytes: two.length - 1 })).toBe('maxBlockBytes');
    expect(bound(two, { maxTxBytes: 10, maxBlockBytes: two.length, maxBlockTxs: 2 })).toBe('accepted');
    expect(bound(hexToBytes('0xffffffff'), bounds)).toBe('maxBlockTxs');
  });

  it('either decodes canonically or throws a DecodeError for random and mutated bytes', () => {
    const seen = { decoded: 0, refused: 0 };
    fc.assert(
      fc.property(
        fuzzBytesArb(payloadsArb.map(encodeNamespacePayload)),
        fc.constantFrom(bounds, { maxTxBytes: 8, maxBlockBytes: 64, maxBlockTxs: 3 }),
        (bytes, b) => {
          seen[
            assertDecodesCanonicallyOrThrowsTyped(bytes, (x) => decodeNamespacePayload(x, b), encodeNamespacePayload)
          ]++;
        },
      ),
      { numRuns: 2000 },
    );
    // The fuzzer must reach both outcomes, or it tests nothing.
    expect(seen.decoded).toBeGreaterThan(20);
    expect(seen.refused).toBeGreaterThan(200);
  });

  it('takes its bounds from the consensus config', () => {
    expect(blockBoundsFromConfig(DEFAULT_CONSENSUS_CONFIG)).toEqual({
      maxTxBytes: DEFAULT_CONSENSUS_CONFIG.maxTxBytes,
      maxBlockBytes: DEFAULT_CONSENSUS_CONFIG.maxBlockBytes,
      maxBlockTxs: DEFAULT_CONSENSUS_CONFIG.maxBlockTxs,
    });
    expect(new BoundExceededError('maxTxBytes', 1, 2)).toBeInstanceOf(DecodeError);
  });
});

describe('namespace payload decoding from a Node Buffer', () => {
  it('copies out of the buffer instead of aliasing it', () => {
    const buffer = Buffer.from(encodeNamespacePayload([Uint8Array.of(1, 2)]));
    const [payload] = decodeNamespacePayload(buffer, bounds);
    buffer[buffer.length - 1] = 9;
    expect(Array.from(payload)).toEqual([1, 2]);
  });
});

describe('namespaceTransactionSpans', () => {
  it('points at each transaction as decodeNamespacePayload reads it, without copying', () => {
    fc.assert(
      fc.property(payloadsArb, (payloads) => {
        const encoded = encodeNamespacePayload(payloads);
        const spans = namespaceTransactionSpans(encoded, UNBOUNDED);
        expect(spans.map((span) => encoded.subarray(span.offset, span.offset + span.length))).toEqual(
          decodeNamespacePayload(encoded, UNBOUNDED),
        );
      }),
    );
  });

  it('refuses the framing decodeNamespacePayload refuses', () => {
    const encoded = encodeNamespacePayload([new Uint8Array([1, 2, 3])]);
    expect(() => namespaceTransactionSpans(encoded.subarray(0, encoded.length - 1), UNBOUNDED)).toThrow(DecodeError);
  });
});
