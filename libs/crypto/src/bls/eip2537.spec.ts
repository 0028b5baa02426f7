import { bls12_381 } from '@noble/curves/bls12-381.js';
import { hexToBytes } from 'viem';
import { InvalidKeyMaterialError } from '../errors';
import { demoKeyPair, signDigest } from './bls';
import { fromEip2537G1, toEip2537G1, toEip2537G2 } from './eip2537';

const pad = (hex: string) => '0'.repeat(128 - hex.length) + hex;
// The generators' affine coordinates, as published in EIP-2537 and the BLS12-381 specification.
const G1_X = '17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb';
const G1_Y = '08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1';
const G2_X_C0 = '024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8';
const G2_X_C1 = '13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e';
const G2_Y_C0 = '0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801';
const G2_Y_C1 = '0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be';

describe('EIP-2537 encodings', () => {
  it('encode the G1 generator as x then y, each padded to 64 bytes', () => {
    expect(toEip2537G1(bls12_381.G1.Point.BASE.toBytes(true))).toBe(`0x${pad(G1_X)}${pad(G1_Y)}`);
  });

  it('encode the G2 generator as x.c0, x.c1, y.c0, y.c1 (Solady G2Point order)', () => {
    expect(toEip2537G2(bls12_381.G2.Point.BASE.toBytes(true))).toBe(
      `0x${pad(G2_X_C0)}${pad(G2_X_C1)}${pad(G2_Y_C0)}${pad(G2_Y_C1)}`,
    );
  });

  it('encode real keys and signatures to the same points, with 16 zero bytes atop each coordinate', () => {
    const key = demoKeyPair('eip2537', 1);
    const signature = signDigest(key.secretKey, `0x${'01'.repeat(32)}`);
    const g1 = hexToBytes(toEip2537G1(key.publicKey));
    const g2 = hexToBytes(toEip2537G2(signature));
    expect(g1).toHaveLength(128);
    expect(g2).toHaveLength(256);
    for (const [bytes, words] of [
      [g1, 2],
      [g2, 4],
    ] as const) {
      for (let i = 0; i < words; i++) expect(bytes.subarray(64 * i, 64 * i + 16)).toEqual(new Uint8Array(16));
    }
    const coordinate = (bytes: Uint8Array, i: number) =>
      BigInt(`0x${Buffer.from(bytes.subarray(64 * i, 64 * i + 64)).toString('hex')}`);
    const p1 = bls12_381.G1.Point.fromAffine({ x: coordinate(g1, 0), y: coordinate(g1, 1) });
    expect(p1.toBytes(true)).toEqual(key.publicKey);
    const Fp2 = bls12_381.fields.Fp2;
    const p2 = bls12_381.G2.Point.fromAffine({
      x: Fp2.create({ c0: coordinate(g2, 0), c1: coordinate(g2, 1) }),
      y: Fp2.create({ c0: coordinate(g2, 2), c1: coordinate(g2, 3) }),
    });
    expect(p2.toBytes(true)).toEqual(signature);
  });

  it('refuse bytes that are not a point', () => {
    expect(() => toEip2537G1(new Uint8Array(48).fill(1))).toThrow(InvalidKeyMaterialError);
    expect(() => toEip2537G2(new Uint8Array(96).fill(1))).toThrow(InvalidKeyMaterialError);
  });

  it('decode an EIP-2537 G1 point back to the compressed key, and refuse anything else', () => {
    const key = demoKeyPair('eip2537', 2);
    const encoded = hexToBytes(toEip2537G1(key.publicKey));
    expect(fromEip2537G1(encoded)).toEqual(key.publicKey);
    expect(fromEip2537G1(toEip2537G1(key.publicKey))).toEqual(key.publicKey);
    const padded = encoded.slice();
    padded[0] = 1;
    const offCurve = encoded.slice();
    offCurve[127] ^= 1;
    const generatorTimesCofactor = encoded.slice(0, 127);
    for (const bad of [padded, offCurve, generatorTimesCofactor, new Uint8Array(128)]) {
      expect(() => fromEip2537G1(bad)).toThrow(InvalidKeyMaterialError);
    }
  });

  it('refuse a G1 point on the curve but outside the subgroup', () => {
    // The first small x on y^2 = x^3 + 4: its point is on the curve, and (the cofactor being large) not in G1.
    const Fp = bls12_381.fields.Fp;
    for (let x = 1n; x < 50n; x++) {
      const y2 = Fp.add(Fp.pow(x, 3n), 4n);
      let y: bigint;
      try {
        y = Fp.sqrt(y2);
      } catch {
        continue;
      }
      const encoded = hexToBytes(`0x${pad(x.toString(16))}${pad(y.toString(16))}`);
      expect(() => fromEip2537G1(encoded)).toThrow(InvalidKeyMaterialError);
      return;
    }
    throw new Error('no small x on the curve');
  });
});
