import { demoKeyPair, StakeTableKeys } from '@hotshot/crypto';
import { BlsConsensusCrypto } from './bls-consensus-crypto';

const digest = `0x${'42'.repeat(32)}` as const;
const other = `0x${'43'.repeat(32)}` as const;

describe('BLS consensus crypto', () => {
  const pairs = [0, 1, 2, 3].map((i) => demoKeyPair('consensus-spec', i));
  const table = pairs.map((pair, i) => ({ publicKey: pair.publicKey, stake: i === 3 ? 2n : 1n }));
  const keys = new StakeTableKeys(table);
  const crypto = pairs.map((pair) => new BlsConsensusCrypto(keys, pair.secretKey));
  const sig = (signer: number, d = digest) => crypto[signer].sign(d);
  const signatures = [sig(0), sig(1), sig(2), sig(3)];

  it('signs and verifies, false for another signer, digest, garbage or an unknown index', () => {
    expect(crypto[0].verify(1, digest, signatures[1])).toBe(true);
    expect(crypto[0].verify(2, digest, signatures[1])).toBe(false);
    expect(crypto[0].verify(1, other, signatures[1])).toBe(false);
    expect(crypto[0].verify(1, digest, new Uint8Array(96).fill(1))).toBe(false);
    expect(crypto[0].verify(9, digest, signatures[1])).toBe(false);
    expect(BlsConsensusCrypto.forStakeTable(table, pairs[0].secretKey).verify(3, digest, signatures[3])).toBe(true);
  });

  it('assembles a quorum by stake, bisecting out a bad vote, and verifies the certificate', () => {
    const bad = { signer: 1, signature: sig(1, other) };
    const { certificate, rejected } = crypto[0].assemble(
      digest,
      [{ signer: 0, signature: signatures[0] }, bad, { signer: 3, signature: signatures[3] }],
      3n,
    );
    expect(rejected).toEqual([1]);
    expect([...certificate!.signers]).toEqual([0b1001]);
    expect(crypto[2].verifyCertificate(digest, certificate!, 3n)).toBe(true);
    expect(crypto[2].verifyCertificate(digest, certificate!, 4n)).toBe(false);
    expect(crypto[2].verifyCertificate(other, certificate!, 3n)).toBe(false);
    // Too little good stake left: no certificate, and the bad vote named.
    expect(
      crypto[0].assemble(
        digest,
        [{ signer: 0, signature: signatures[0] }, bad, { signer: 2, signature: signatures[2] }],
        3n,
      ),
    ).toEqual({
      rejected: [1],
    });
  });

  it('assembles and verifies a timeout certificate over per-signer digests, dropping a bad vote', () => {
    const digests = [digest, other, digest, other];
    const votes = [0, 1, 2, 3].map((signer) => ({
      signer,
      digest: digests[signer],
      signature: sig(signer, digests[signer]),
    }));
    const good = crypto[0].assembleMultiDigest(votes.slice(1), 4n);
    expect(good.rejected).toEqual([]);
    expect(crypto[1].verifyMultiDigestCertificate((signer) => digests[signer], good.certificate!, 4n)).toBe(true);
    expect(crypto[1].verifyMultiDigestCertificate(() => digest, good.certificate!, 4n)).toBe(false);
    const withBad = crypto[0].assembleMultiDigest([{ ...votes[0], signature: sig(0, other) }, ...votes.slice(2)], 3n);
    expect(withBad.rejected).toEqual([0]);
    expect([...withBad.certificate!.signers]).toEqual([0b1100]);
    const garbage = crypto[0].assembleMultiDigest(
      [{ ...votes[0], signature: new Uint8Array(96).fill(3) }, votes[1]],
      1n,
    );
    expect(garbage).toEqual({ certificate: expect.anything(), rejected: [0] });
    expect(crypto[0].assembleMultiDigest([{ ...votes[0], signature: new Uint8Array(96).fill(3) }], 1n)).toEqual({
      rejected: [0],
    });
  });
});
