import {
  DecodeError,
  InvalidFieldError,
  TrailingBytesError,
  TruncatedInputError,
  BoundExceededError,
  UnencodableValueError,
} from '@hotshot/protocol';
import fc from 'fast-check';
import { bytesToHex } from 'viem';
import { consensusMessageArb } from '../testing/message-arbitraries';
import type { ConsensusMessage } from '../types/messages';
import { UnknownMessageKindError, UnsupportedVersionError } from './codec-errors';
import { decodeConsensusMessage, encodeConsensusMessage, MESSAGE_KIND_TAG } from './message-codec';

const sig = new Uint8Array(96).fill(3);
const qc = {
  view: 7,
  leafCommitment: `0x${'11'.repeat(32)}` as const,
  certificate: { signers: Uint8Array.of(0b1011), signature: new Uint8Array(96).fill(9) },
};

describe('consensus message codec', () => {
  it('round-trips every message kind exactly, and re-encodes decoded bytes to the same bytes', () => {
    fc.assert(
      fc.property(consensusMessageArb, (message) => {
        const bytes = encodeConsensusMessage(message);
        const decoded = decodeConsensusMessage(bytes);
        expect(decoded).toEqual(message);
        expect(bytesToHex(encodeConsensusMessage(decoded))).toBe(bytesToHex(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('lays out the frame as version, kind tag, sender, signature, body', () => {
    const vote: ConsensusMessage = {
      kind: 'QuorumVote',
      view: 5,
      leafCommitment: qc.leafCommitment,
      sender: 258,
      signature: sig,
    };
    const bytes = encodeConsensusMessage(vote);
    expect(bytes.length).toBe(1 + 1 + 4 + 96 + 8 + 32);
    expect([...bytes.subarray(0, 6)]).toEqual([1, MESSAGE_KIND_TAG.QuorumVote, 0, 0, 1, 2]);
    expect(bytes[6 + 96 + 7]).toBe(5);
  });

  it('refuses random bytes and corrupted encodings with DecodeErrors only', () => {
    const mutated = fc
      .tuple(consensusMessageArb, fc.nat(), fc.integer({ min: 1, max: 255 }), fc.nat())
      .map(([message, at, bits, keep]) => {
        const bytes = encodeConsensusMessage(message);
        const out = bytes.slice(0, Math.max(1, keep % (bytes.length + 1)));
        out[at % out.length] ^= bits;
        return out;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated), (bytes) => {
        try {
          const decoded = decodeConsensusMessage(bytes);
          // Whatever decodes is canonical: it encodes back to the same bytes.
          expect(bytesToHex(encodeConsensusMessage(decoded))).toBe(bytesToHex(bytes));
        } catch (error) {
          if (!(error instanceof DecodeError)) throw error;
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('names what is wrong with malformed frames', () => {
    const good = encodeConsensusMessage({ kind: 'TimeoutVote', view: 9, highQc: qc, sender: 1, signature: sig });
    expect(() => decodeConsensusMessage(Uint8Array.of(2, ...good.subarray(1)))).toThrow(UnsupportedVersionError);
    expect(() => decodeConsensusMessage(Uint8Array.of(1, 99, ...good.subarray(2)))).toThrow(UnknownMessageKindError);
    expect(() => decodeConsensusMessage(good.subarray(0, good.length - 1))).toThrow(TruncatedInputError);
    expect(() => decodeConsensusMessage(Uint8Array.of(...good, 0))).toThrow(TrailingBytesError);
    const badFlags = encodeConsensusMessage({
      kind: 'Certificate',
      highQc: qc,
      sender: 1,
      signature: sig,
    });
    badFlags[badFlags.length - 1] = 2;
    expect(() => decodeConsensusMessage(badFlags)).toThrow(InvalidFieldError);
    // A view beyond 2^53 cannot be a number without losing precision.
    const huge = Uint8Array.from(good);
    huge.fill(0xff, 102, 110);
    expect(() => decodeConsensusMessage(huge)).toThrow(InvalidFieldError);
  });

  it('applies block bounds to payloads before allocating them', () => {
    const payload = {
      namespaceTable: [{ namespace: 1, txCount: 1, payloadHash: `0x${'00'.repeat(32)}` as const }],
      namespacePayloads: [new Uint8Array(64)],
    };
    const bytes = encodeConsensusMessage({ kind: 'DaProposal', view: 3, payload, sender: 0, signature: sig });
    expect(() => decodeConsensusMessage(bytes, { maxTxBytes: 10, maxBlockBytes: 32, maxBlockTxs: 10 })).toThrow(
      BoundExceededError,
    );
    expect(decodeConsensusMessage(bytes).kind).toBe('DaProposal');
  });

  it('refuses to encode a message it could not decode back (a local bug)', () => {
    expect(() =>
      encodeConsensusMessage({
        kind: 'DaVote',
        view: -1,
        payloadCommitment: qc.leafCommitment,
        sender: 0,
        signature: sig,
      }),
    ).toThrow(UnencodableValueError);
    expect(() =>
      encodeConsensusMessage({
        kind: 'DaVote',
        view: 1,
        payloadCommitment: qc.leafCommitment,
        sender: 0,
        signature: sig.subarray(1),
      }),
    ).toThrow(UnencodableValueError);
    expect(() =>
      encodeConsensusMessage({
        kind: 'TimeoutVote',
        view: 1,
        highQc: { ...qc, certificate: { signers: new Uint8Array(0), signature: new Uint8Array(5) } },
        sender: 0,
        signature: sig,
      }),
    ).toThrow(UnencodableValueError);
  });
});
