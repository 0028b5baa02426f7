import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha384 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, type Hex } from 'viem';
import { InvalidKeyMaterialError } from '../errors';
import type { BlsBackend } from './backend';
import { bls } from './noble-points';
import { blsBackend } from './select-backend';

/*
 * BLS12-381 in the min-pk setting (DESIGN.md section 2): public keys in G1 (48 bytes compressed), signatures in G2
 * (96 bytes compressed), hash-to-G2 with Ethereum's POP ciphersuite, which HotShot.sol reproduces on L1. Every
 * function runs on the process's backend (blst, or noble as the fallback) unless one is passed.
 */
export { BLS_DST } from './noble-points';
export const SECRET_KEY_BYTES = 32;

/** A BLS secret key and its compressed public key. */
export interface BlsKeyPair {
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** A fresh random key pair. */
export function generateKeyPair(): BlsKeyPair {
  const { secretKey } = bls.keygen();
  return keyPairFromSecretKey(secretKey);
}

/** The key pair for a 32-byte secret key; throws InvalidKeyMaterialError for a key outside the scalar field. */
export function keyPairFromSecretKey(secretKey: Uint8Array, backend: BlsBackend = blsBackend()): BlsKeyPair {
  if (secretKey.length !== SECRET_KEY_BYTES) {
    throw new InvalidKeyMaterialError('secretKey', `expected ${SECRET_KEY_BYTES} bytes, got ${secretKey.length}`);
  }
  // A backend might reduce an out-of-range scalar silently, so a corrupt key file would load as another key.
  const scalar = BigInt(bytesToHex(secretKey));
  if (scalar === 0n || scalar >= bls12_381.fields.Fr.ORDER) {
    throw new InvalidKeyMaterialError('secretKey', 'outside the range 1..r-1 of the scalar field');
  }
  const copy = Uint8Array.from(secretKey);
  try {
    return { secretKey: copy, publicKey: backend.publicKeyOf(copy) };
  } catch (cause) {
    throw new InvalidKeyMaterialError('secretKey', 'not a valid scalar', cause);
  }
}

/**
 * A deterministic key pair for demos and tests: the same seed and index always give the same key.
 * Never use it for a network that holds value: anyone who knows the seed knows every key.
 */
export function demoKeyPair(seed: string, index: number): BlsKeyPair {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`key index must be a non-negative integer`);
  // keygen wants 48 bytes of input keying material; noble's derivation keeps the demo keys of earlier versions.
  const ikm = sha384(new TextEncoder().encode(`hotshot-ts demo key|${seed}|${index}`));
  return keyPairFromSecretKey(bls.keygen(ikm).secretKey);
}

/** Signs a 32-byte digest; returns the 96-byte compressed G2 signature. */
export function signDigest(secretKey: Uint8Array, digest: Hex, backend: BlsBackend = blsBackend()): Uint8Array {
  return backend.sign(secretKey, hexToBytes(digest));
}

/** Whether `signature` is `publicKey`'s signature over `digest`; false for malformed bytes, never a throw. */
export function verifyDigest(
  publicKey: Uint8Array,
  digest: Hex,
  signature: Uint8Array,
  backend: BlsBackend = blsBackend(),
): boolean {
  try {
    return backend.verify(
      backend.decodePublicKey(publicKey),
      hexToBytes(digest),
      backend.decodeSignature(signature, true),
    );
  } catch {
    // A point that does not decode is a bad signature, not an exceptional condition.
    return false;
  }
}

/** Adds compressed public keys into one compressed aggregate key; throws InvalidKeyMaterialError on a bad key. */
export function aggregatePublicKeys(publicKeys: readonly Uint8Array[]): Uint8Array {
  if (publicKeys.length === 0) throw new InvalidKeyMaterialError('publicKey', 'nothing to aggregate');
  // Only deploy scripts and vectors sum keys into bytes; noble can encode a sum, blst's key type cannot.
  try {
    return bls.aggregatePublicKeys(publicKeys.map((key) => bls12_381.G1.Point.fromBytes(key))).toBytes(true);
  } catch (cause) {
    throw new InvalidKeyMaterialError('publicKey', 'does not decode to a G1 point', cause);
  }
}

/** Adds compressed signatures into one compressed aggregate; throws InvalidKeyMaterialError on a bad signature. */
export function aggregateSignatures(signatures: readonly Uint8Array[], backend: BlsBackend = blsBackend()): Uint8Array {
  if (signatures.length === 0) throw new InvalidKeyMaterialError('signature', 'nothing to aggregate');
  return backend.encodeSignature(
    backend.aggregateSignatures(signatures.map((signature) => backend.decodeSignature(signature, true))),
  );
}

/** A public key as 0x-prefixed hex, the form used in logs, rosters and JSON. */
export function publicKeyToHex(publicKey: Uint8Array): Hex {
  return bytesToHex(publicKey);
}
