import fc from 'fast-check';
import { DecodeError, buildBlockPayload, genesisLeaf, type BlockBounds } from '@hotshot/protocol';
import type { NodeMessage } from './node-message';
import { decodeNodeMessage, encodeNodeMessage } from './node-message-codec';

const bounds: BlockBounds = { maxTxBytes: 256, maxBlockBytes: 4096, maxBlockTxs: 64 };
const leaf = genesisLeaf(7n);
const payload = buildBlockPayload(
  [
    { namespace: 1, payload: new Uint8Array([1, 2, 3]) },
    { namespace: 9, payload: new Uint8Array([4]) },
  ],
  bounds,
);
const hash = `0x${'ab'.repeat(32)}` as const;

const samples: NodeMessage[] = [
  { kind: 'consensus', bytes: new Uint8Array([9, 8, 7]) },
  {
    kind: 'transactions',
    transactions: [
      { namespace: 5, payload: new Uint8Array([1, 2]) },
      { namespace: 0, payload: new Uint8Array() },
    ],
  },
  { kind: 'leaves-request', requestId: 3, leafCommitment: hash, view: 12, fromHeight: 4 },
  { kind: 'leaves-response', requestId: 3, leaves: [{ leaf, payload }, { leaf }] },
  {
    kind: 'leaves-response',
    requestId: 4,
    leaves: [{ leaf }],
    decideProof: {
      qc: {
        view: 8,
        leafCommitment: hash,
        certificate: { signers: new Uint8Array([7]), signature: new Uint8Array(96) },
      },
      child: { ...leaf, view: 8 },
    },
  },
  { kind: 'payload-request', requestId: 1, height: 99 },
  { kind: 'payload-response', requestId: 1, height: 99, payload },
  { kind: 'payload-response', requestId: 2, height: 98 },
  { kind: 'finality-signature', height: 5, headerCommitment: hash, signature: new Uint8Array(96).fill(3) },
];

describe('node message codec', () => {
  it.each(samples.map((m) => [m.kind, m] as const))('round-trips a %s message', (_kind, message) => {
    expect(decodeNodeMessage(encodeNodeMessage(message), bounds)).toEqual(message);
  });

  it('refuses an unknown version or tag, trailing bytes, and a transaction over maxTxBytes', () => {
    const bytes = encodeNodeMessage(samples[5]!);
    expect(() => decodeNodeMessage(Uint8Array.from([2, ...bytes.slice(1)]), bounds)).toThrow('node message version');
    expect(() => decodeNodeMessage(Uint8Array.from([1, 77, ...bytes.slice(2)]), bounds)).toThrow('node message tag');
    expect(() => decodeNodeMessage(Uint8Array.from([...bytes, 0]), bounds)).toThrow(DecodeError);
    const big = encodeNodeMessage({
      kind: 'transactions',
      transactions: [{ namespace: 1, payload: new Uint8Array(257) }],
    });
    expect(() => decodeNodeMessage(big, bounds)).toThrow('maxTxBytes');
  });

  it('answers random and mutated bytes with a message or a DecodeError, nothing else', () => {
    const encoded = samples.map((m) => encodeNodeMessage(m));
    const mutated = fc
      .tuple(fc.constantFrom(...encoded), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat())
      .map(([bytes, at, value, cut]) => {
        const copy = Uint8Array.from(bytes);
        copy[at % copy.length] = value;
        return copy.slice(0, Math.max(1, copy.length - (cut % 4)));
      });
    let decodedCount = 0;
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated), (bytes) => {
        try {
          decodeNodeMessage(bytes, bounds);
          decodedCount++;
        } catch (error) {
          if (!(error instanceof DecodeError)) throw error;
        }
      }),
      { numRuns: 3000, seed: 42 },
    );
    // Both outcomes occur, so the property exercises real decoding, not just rejection.
    expect(decodedCount).toBeGreaterThan(0);
  });
});
