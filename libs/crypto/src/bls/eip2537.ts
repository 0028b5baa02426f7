import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToBigInt, concatHex, hexToBytes, numberToHex, type Hex } from 'viem';
import { InvalidKeyMaterialError } from '../errors';
import { decodePublicKey, decodeSignature } from './noble-points';

/** Bytes of one field element in EIP-2537's encoding: 48 bytes big-endian, left-padded with 16 zero bytes. */
const EIP2537_FP_BYTES = 64;

/**
 * A compressed public key (48 bytes) in EIP-2537's uncompressed G1 encoding: x then y, each 64 bytes (128 in all).
 * Solady's `BLS.G1Point {x_a, x_b, y_a, y_b}` is the same 128 bytes split into words.
 * Throws InvalidKeyMaterialError for a key that does not decode.
 */
export function toEip2537G1(publicKey: Uint8Array): Hex {
  const { x, y } = decodePublicKey(publicKey).toAffine();
  return concatHex([fp(x), fp(y)]);
}

/**
 * The compressed public key (48 bytes) of an EIP-2537 G1 encoding (128 bytes, as toEip2537G1 makes and L1 stores
 * it): the inverse of toEip2537G1. Throws InvalidKeyMaterialError unless the bytes are 128 long, each coordinate's
 * 16 top bytes are zero, and the point is on the curve, in the subgroup and not infinity: an L1 answer is checked
 * like any other key.
 */
export function fromEip2537G1(encoded: Hex | Uint8Array): Uint8Array {
  const bytes = typeof encoded === 'string' ? hexToBytes(encoded) : encoded;
  if (bytes.length !== 2 * EIP2537_FP_BYTES) {
    throw new InvalidKeyMaterialError('publicKey', `an EIP-2537 G1 point is 128 bytes, not ${bytes.length}`);
  }
  for (const offset of [0, EIP2537_FP_BYTES]) {
    if (bytes.subarray(offset, offset + 16).some((byte) => byte !== 0)) {
      throw new InvalidKeyMaterialError('publicKey', 'an EIP-2537 coordinate has non-zero padding');
    }
  }
  let point;
  try {
    point = bls12_381.G1.Point.fromAffine({
      x: bytesToBigInt(bytes.subarray(16, EIP2537_FP_BYTES)),
      y: bytesToBigInt(bytes.subarray(EIP2537_FP_BYTES + 16)),
    });
    point.assertValidity();
  } catch (cause) {
    throw new InvalidKeyMaterialError('publicKey', 'is not a G1 point of the subgroup', cause);
  }
  if (point.is0()) throw new InvalidKeyMaterialError('publicKey', 'is the point at infinity');
  return point.toBytes(true);
}

/**
 * A compressed signature (96 bytes) in EIP-2537's uncompressed G2 encoding: x.c0, x.c1, y.c0, y.c1, each 64 bytes
 * (256 in all), which is Solady's `BLS.G2Point {x_c0_a, x_c0_b, x_c1_a, ..., y_c1_b}`.
 * Throws InvalidKeyMaterialError for a signature that does not decode.
 */
export function toEip2537G2(signature: Uint8Array): Hex {
  const { x, y } = decodeSignature(signature).toAffine();
  return concatHex([fp(x.c0), fp(x.c1), fp(y.c0), fp(y.c1)]);
}

function fp(value: bigint): Hex {
  return numberToHex(value, { size: EIP2537_FP_BYTES });
}
