import fc from 'fast-check';
import { DuplicateSignerError, InvalidBitmapError, UnknownSignerError } from '../errors';
import { bitmapToSigners, signersToBitmap } from './signer-bitmap';

describe('signer bitmap', () => {
  it('puts signer i in bit i%8 of byte floor(i/8), least significant bit first', () => {
    expect(signersToBitmap([0, 9, 7], 10)).toEqual(Uint8Array.of(0b1000_0001, 0b0000_0010));
    expect(signersToBitmap([], 0)).toEqual(new Uint8Array(0));
    expect(bitmapToSigners(Uint8Array.of(0b1000_0001, 0b0000_0010), 10)).toEqual([0, 7, 9]);
  });

  it('round-trips any signer set, sorted', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 300 })
          .chain((size) =>
            fc.tuple(fc.constant(size), size === 0 ? fc.constant([]) : fc.uniqueArray(fc.nat(size - 1))),
          ),
        ([size, signers]) => {
          const bitmap = signersToBitmap(signers, size);
          expect(bitmap).toHaveLength(Math.ceil(size / 8));
          expect(bitmapToSigners(bitmap, size)).toEqual([...signers].sort((a, b) => a - b));
        },
      ),
    );
  });

  it('refuses a bitmap of the wrong length or with bits past the table', () => {
    expect(() => bitmapToSigners(new Uint8Array(1), 10)).toThrow(InvalidBitmapError);
    expect(() => bitmapToSigners(new Uint8Array(3), 10)).toThrow(InvalidBitmapError);
    expect(() => bitmapToSigners(Uint8Array.of(0, 0b0000_0100), 10)).toThrow(InvalidBitmapError);
    expect(() => bitmapToSigners(Uint8Array.of(0x80), 7)).toThrow(InvalidBitmapError);
    expect(bitmapToSigners(Uint8Array.of(0x80), 8)).toEqual([7]);
  });

  it('either decodes to signers that re-encode to the same bitmap or throws InvalidBitmapError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6 }), fc.nat(48), (bitmap, size) => {
        let signers: number[];
        try {
          signers = bitmapToSigners(bitmap, size);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidBitmapError);
          return;
        }
        expect(signersToBitmap(signers, size)).toEqual(bitmap);
      }),
    );
  });

  it('refuses unknown and duplicate signers', () => {
    expect(() => signersToBitmap([10], 10)).toThrow(UnknownSignerError);
    expect(() => signersToBitmap([-1], 10)).toThrow(UnknownSignerError);
    expect(() => signersToBitmap([1.5], 10)).toThrow(UnknownSignerError);
    expect(() => signersToBitmap([3, 3], 10)).toThrow(DuplicateSignerError);
  });
});
