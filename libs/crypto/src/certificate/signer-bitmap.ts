import { DuplicateSignerError, InvalidBitmapError, UnknownSignerError } from '../errors';

/** Bytes in the signer bitmap of a stake table with `size` members: ceil(size / 8). */
export function bitmapLength(size: number): number {
  return Math.ceil(size / 8);
}

/**
 * The signer bitmap of `indices` over a stake table of `size` members: bit i in byte floor(i/8), least
 * significant bit first. Throws UnknownSignerError for an index outside the table, DuplicateSignerError for an
 * index given twice.
 */
export function signersToBitmap(indices: readonly number[], size: number): Uint8Array {
  const bitmap = new Uint8Array(bitmapLength(size));
  for (const index of indices) {
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new UnknownSignerError(index, size);
    const bit = 1 << (index & 7);
    if (bitmap[index >> 3] & bit) throw new DuplicateSignerError(index);
    bitmap[index >> 3] |= bit;
  }
  return bitmap;
}

/**
 * The signer indices of a bitmap, ascending. Throws InvalidBitmapError when its length is not ceil(size/8) or a
 * bit past `size` is set, so each signer set has exactly one bitmap.
 */
export function bitmapToSigners(bitmap: Uint8Array, size: number): number[] {
  if (bitmap.length !== bitmapLength(size)) {
    throw new InvalidBitmapError(`expected ${bitmapLength(size)} bytes for ${size} members`, {
      length: bitmap.length,
      size,
    });
  }
  const signers: number[] = [];
  for (let byte = 0; byte < bitmap.length; byte++) {
    let bits = bitmap[byte];
    while (bits !== 0) {
      const low = 31 - Math.clz32(bits & -bits);
      const index = byte * 8 + low;
      if (index >= size) throw new InvalidBitmapError('bit set past the last member', { index, size });
      signers.push(index);
      bits &= bits - 1;
    }
  }
  return signers;
}
