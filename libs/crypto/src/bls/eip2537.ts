import { concatHex, numberToHex, type Hex } from 'viem';
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
