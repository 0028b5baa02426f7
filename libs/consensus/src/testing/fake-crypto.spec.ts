import { signersToBitmap } from '@hotshot/crypto';
import { FakeKeyRing } from './fake-crypto';

const digest = `0x${'42'.repeat(32)}` as const;
const other = `0x${'43'.repeat(32)}` as const;

describe('the simulator’s fake crypto', () => {
  const ring = new FakeKeyRing([1n, 1n, 1n, 1n]);
  const crypto = [0, 1, 2, 3].map((i) => ring.cryptoFor(i));

  it('verifies a member’s signature only for its digest and its signer', () => {
    const signature = crypto[1].sign(digest);
    expect(crypto[0].verify(1, digest, signature)).toBe(true);
    expect(crypto[0].verify(2, digest, signature)).toBe(false);
    expect(crypto[0].verify(1, other, signature)).toBe(false);
    expect(crypto[0].verify(7, digest, signature)).toBe(false);
    expect(crypto[0].verify(1, digest, signature.subarray(1))).toBe(false);
    expect(new FakeKeyRing([1n, 1n, 1n, 1n], 2).cryptoFor(0).verify(1, digest, signature)).toBe(false);
  });

  it('cannot forge: a node signs only as itself', () => {
    // Node 3's crypto signing "as" node 1 still produces node 3's tag.
    expect(crypto[0].verify(1, digest, crypto[3].sign(digest))).toBe(false);
  });

  it('assembles a certificate by stake, dropping bad votes, and verifies it only for its signers and digest', () => {
    const votes = [0, 1, 2].map((signer) => ({ signer, signature: crypto[signer].sign(digest) }));
    const bad = { signer: 3, signature: crypto[3].sign(other) };
    const { certificate, rejected } = crypto[0].assemble(digest, [...votes, bad], 3n);
    expect(rejected).toEqual([3]);
    expect([...certificate!.signers]).toEqual([0b0111]);
    expect(crypto[2].verifyCertificate(digest, certificate!, 3n)).toBe(true);
    expect(crypto[2].verifyCertificate(digest, certificate!, 4n)).toBe(false);
    expect(crypto[2].verifyCertificate(other, certificate!, 3n)).toBe(false);
    expect(crypto[2].verifyCertificate(digest, { ...certificate!, signers: signersToBitmap([0, 1, 3], 4) }, 3n)).toBe(
      false,
    );
    expect(crypto[2].verifyCertificate(digest, { ...certificate!, signers: new Uint8Array(2) }, 3n)).toBe(false);
    expect(crypto[0].assemble(digest, [votes[0], bad], 2n)).toEqual({ rejected: [3] });
  });

  it('checks multi-digest certificates signer by signer', () => {
    const digests = [digest, other, digest];
    const votes = [0, 1, 2].map((signer) => ({
      signer,
      digest: digests[signer],
      signature: crypto[signer].sign(digests[signer]),
    }));
    const { certificate } = crypto[0].assembleMultiDigest(votes, 3n);
    expect(crypto[3].verifyMultiDigestCertificate((signer) => digests[signer], certificate!, 3n)).toBe(true);
    expect(crypto[3].verifyMultiDigestCertificate(() => digest, certificate!, 3n)).toBe(false);
  });
});
