import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { hexToBytes } from 'viem';
import { InvalidKeyMaterialError } from '../errors';
import { nobleAcceptsSignature, offSubgroupSignature } from '../testing/off-subgroup';
import { demoKeyPair, signDigest } from './bls';
import { BLS_DST, decodePublicKey, decodeSignatureUnchecked, hashDigest, verifyPoints } from './noble-points';

const noble = bls12_381.longSignatures;
const p = bls12_381.fields.Fp.ORDER;
/** A coordinate as the 381 low bits of 48 bytes: mostly a field element, sometimes at or over p. */
const coordinateArb = fc.oneof(
  { arbitrary: fc.bigInt(0n, p - 1n), weight: 9 },
  { arbitrary: fc.bigInt(p, (1n << 381n) - 1n), weight: 1 },
);

describe('decodeSignatureUnchecked', () => {
  const key = demoKeyPair('points', 0);
  const signatures = [1, 2, 3, 4].map((i) => signDigest(key.secretKey, `0x${i.toString(16).padStart(64, '0')}`));

  it("decodes real signatures to noble's points, both y signs included", () => {
    for (const signature of signatures) {
      expect(decodeSignatureUnchecked(signature).equals(noble.Signature.fromBytes(signature))).toBe(true);
      const negated = Uint8Array.from(signature);
      negated[0] ^= 0x20;
      expect(decodeSignatureUnchecked(negated).equals(noble.Signature.fromBytes(signature).negate())).toBe(true);
    }
  });

  it('agrees with noble on random encodings, except that it skips the subgroup check', () => {
    let decoded = 0;
    fc.assert(
      fc.property(
        fc.tuple(coordinateArb, coordinateArb),
        fc.oneof(
          { arbitrary: fc.constantFrom(0x80, 0xa0), weight: 8 },
          { arbitrary: fc.constantFrom(0xc0, 0x00, 0xe0, 0x20), weight: 4 },
        ),
        ([c1, c0], flags) => {
          const bytes = hexToBytes(`0x${c1.toString(16).padStart(96, '0')}${c0.toString(16).padStart(96, '0')}`);
          bytes[0] |= flags;
          let point;
          try {
            point = decodeSignatureUnchecked(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidKeyMaterialError);
            // Never stricter than noble, except for infinity, which no vote may be.
            if (flags !== 0xc0) expect(nobleAcceptsSignature(bytes)).toBe(false);
            return;
          }
          decoded++;
          expect(nobleAcceptsSignature(bytes)).toBe(point.isTorsionFree());
        },
      ),
      { numRuns: 150 },
    );
    // About a fifth of the inputs are points on the curve (x^3 + b is a square half the time); that branch must run.
    expect(decoded).toBeGreaterThan(5);
  });

  it('accepts an off-subgroup point that the pairing check then refuses', () => {
    const bad = offSubgroupSignature();
    expect(nobleAcceptsSignature(bad)).toBe(false);
    const point = decodeSignatureUnchecked(bad);
    const digest = `0x${'11'.repeat(32)}` as const;
    expect(verifyPoints(decodePublicKey(key.publicKey), hashDigest(digest), point)).toBe(false);
  });

  it('refuses wrong lengths, the infinity encoding and coordinates at or over p', () => {
    expect(() => decodeSignatureUnchecked(new Uint8Array(95))).toThrow(InvalidKeyMaterialError);
    expect(() => decodeSignatureUnchecked(Uint8Array.from([0xc0, ...new Uint8Array(95)]))).toThrow(
      InvalidKeyMaterialError,
    );
    expect(() => decodeSignatureUnchecked(new Uint8Array(96).fill(0xff).fill(0x9f, 0, 1))).toThrow(
      InvalidKeyMaterialError,
    );
  });
});

describe('decodePublicKey', () => {
  it('refuses the point at infinity and garbage', () => {
    expect(() => decodePublicKey(Uint8Array.from([0xc0, ...new Uint8Array(47)]))).toThrow(InvalidKeyMaterialError);
    expect(() => decodePublicKey(new Uint8Array(48).fill(1))).toThrow(InvalidKeyMaterialError);
  });
});

describe('hashDigest', () => {
  it('matches noble hash-to-G2 with the POP DST, cached or not, any hex case', () => {
    const digest = `0x${'ab'.repeat(32)}` as const;
    const expected = noble.hash(Uint8Array.from(Buffer.from('ab'.repeat(32), 'hex')), BLS_DST);
    expect(hashDigest(digest).equals(expected)).toBe(true);
    expect(hashDigest(digest)).toBe(hashDigest(`0x${'AB'.repeat(32)}`));
  });
});
