import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex } from 'viem';
import { InvalidKeyMaterialError } from '../errors';
import { assertCompressedFinite, type BlsBackend, type PublicKeyPoint, type SignaturePoint } from './backend';
import {
  bls,
  decodePublicKey,
  decodeSignature,
  decodeSignatureUnchecked,
  hashDigest,
  verifyBatchPoints,
  verifyPoints,
  type G1Point,
  type G2Point,
} from './noble-points';

const g1 = (point: PublicKeyPoint) => point as unknown as G1Point;
const g2 = (point: SignaturePoint) => point as unknown as G2Point;
const asKey = (point: G1Point) => point as unknown as PublicKeyPoint;
const asSignature = (point: G2Point) => point as unknown as SignaturePoint;

/** BLS on @noble/curves: pure JavaScript, about 40 times slower than blst; the fallback and the cross-check. */
export const nobleBackend: BlsBackend = {
  name: 'noble',
  publicKeyOf: (secretKey) => bls.getPublicKey(secretKey).toBytes(true),
  sign: (secretKey, message) => bls.sign(hashDigest(bytesToHex(message)), secretKey).toBytes(true),
  decodePublicKey(bytes) {
    assertCompressedFinite('publicKey', bytes, 48);
    return asKey(decodePublicKey(bytes));
  },
  aggregatePublicKeys(keys) {
    if (keys.length === 0) throw new InvalidKeyMaterialError('publicKey', 'nothing to aggregate');
    let sum = bls12_381.G1.Point.ZERO;
    for (const key of keys) sum = sum.add(g1(key));
    return asKey(sum);
  },
  decodeSignature(bytes, subgroupCheck) {
    assertCompressedFinite('signature', bytes, 96);
    return asSignature(subgroupCheck ? decodeSignature(bytes) : decodeSignatureUnchecked(bytes));
  },
  aggregateSignatures(signatures) {
    if (signatures.length === 0) throw new InvalidKeyMaterialError('signature', 'nothing to aggregate');
    let sum = bls12_381.G2.Point.ZERO;
    for (const signature of signatures) sum = sum.add(g2(signature));
    return asSignature(sum);
  },
  encodeSignature: (signature) => g2(signature).toBytes(true),
  verify(publicKey, message, signature) {
    // verifyPoints does not subgroup-check the signature: an unchecked decode must not slip through.
    if (!g2(signature).isTorsionFree()) return false;
    return verifyPoints(g1(publicKey), hashDigest(bytesToHex(message)), g2(signature));
  },
  verifyDistinctMessages(signature, items) {
    if (!g2(signature).isTorsionFree()) return false;
    return verifyBatchPoints(
      g2(signature),
      items.map((item) => ({ message: hashDigest(bytesToHex(item.message)), publicKey: g1(item.publicKey) })),
    );
  },
};
