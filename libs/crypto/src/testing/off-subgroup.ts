import { bls12_381 } from '@noble/curves/bls12-381.js';
import { decodeSignatureUnchecked } from '../bls/noble-points';

/**
 * A compressed encoding of a point on the G2 curve that is outside the prime-order subgroup: what a forger
 * would send to slip a small-order component past a decoder that skips the subgroup check.
 */
export function offSubgroupSignature(): Uint8Array {
  for (let k = 1; ; k++) {
    const bytes = new Uint8Array(96);
    bytes[0] = 0x80;
    bytes[95] = k;
    let point;
    try {
      point = decodeSignatureUnchecked(bytes);
    } catch {
      continue;
    }
    if (!point.isTorsionFree()) return bytes;
  }
}

/** Whether noble's full decoder (with the subgroup check) accepts these signature bytes. */
export function nobleAcceptsSignature(bytes: Uint8Array): boolean {
  try {
    bls12_381.longSignatures.Signature.fromBytes(bytes);
    return true;
  } catch {
    return false;
  }
}
