import { finalityDigest } from '@hotshot/protocol';
import {
  aggregatePublicKeys,
  aggregateSignatures,
  demoKeyPair,
  generateKeyPair,
  keyPairFromSecretKey,
  signDigest,
  verifyDigest,
} from './bls';
import { InvalidKeyMaterialError } from '../errors';

const digest = finalityDigest(35353n, 7, `0x${'ab'.repeat(32)}`);

describe('BLS min-pk', () => {
  it('signs and verifies a digest, and refuses another digest or key', () => {
    const a = demoKeyPair('test', 0);
    const b = demoKeyPair('test', 1);
    const sig = signDigest(a.secretKey, digest);
    expect(sig).toHaveLength(96);
    expect(a.publicKey).toHaveLength(48);
    expect(verifyDigest(a.publicKey, digest, sig)).toBe(true);
    expect(verifyDigest(b.publicKey, digest, sig)).toBe(false);
    expect(verifyDigest(a.publicKey, finalityDigest(35353n, 8, `0x${'ab'.repeat(32)}`), sig)).toBe(false);
  });

  it('derives the same demo key for the same seed and index, and different ones otherwise', () => {
    expect(demoKeyPair('s', 3).publicKey).toEqual(demoKeyPair('s', 3).publicKey);
    expect(demoKeyPair('s', 3).publicKey).not.toEqual(demoKeyPair('s', 4).publicKey);
    expect(demoKeyPair('s', 3).publicKey).not.toEqual(demoKeyPair('t', 3).publicKey);
  });

  it('verifies an aggregate of same-digest signatures against the aggregate key', () => {
    const keys = [0, 1, 2].map((i) => demoKeyPair('agg', i));
    const sig = aggregateSignatures(keys.map((k) => signDigest(k.secretKey, digest)));
    expect(verifyDigest(aggregatePublicKeys(keys.map((k) => k.publicKey)), digest, sig)).toBe(true);
    expect(verifyDigest(aggregatePublicKeys(keys.slice(0, 2).map((k) => k.publicKey)), digest, sig)).toBe(false);
  });

  it('returns false, never throws, for garbage signatures and keys', () => {
    const key = generateKeyPair();
    expect(verifyDigest(key.publicKey, digest, new Uint8Array(96).fill(7))).toBe(false);
    expect(verifyDigest(new Uint8Array(48).fill(9), digest, signDigest(key.secretKey, digest))).toBe(false);
    expect(verifyDigest(key.publicKey, digest, new Uint8Array(3))).toBe(false);
  });

  it('throws typed errors for bad key material', () => {
    expect(() => keyPairFromSecretKey(new Uint8Array(31))).toThrow(InvalidKeyMaterialError);
    expect(() => keyPairFromSecretKey(new Uint8Array(32).fill(0xff))).toThrow(InvalidKeyMaterialError);
    expect(() => aggregatePublicKeys([new Uint8Array(48).fill(1)])).toThrow(InvalidKeyMaterialError);
    expect(() => aggregateSignatures([])).toThrow(InvalidKeyMaterialError);
  });
});
