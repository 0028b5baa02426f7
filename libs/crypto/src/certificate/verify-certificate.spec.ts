import { quorumThreshold, timeoutVoteDigest, type Bytes32, type Certificate } from '@hotshot/protocol';
import { aggregateSignatures, signDigest } from '../bls/bls';
import { InvalidCertificateError, type InvalidCertificateReason } from '../errors';
import { demoCommittee } from '../testing/demo-committee';
import { offSubgroupSignature } from '../testing/off-subgroup';
import { signersToBitmap } from './signer-bitmap';
import { StakeTableKeys } from './stake-table-keys';
import { isValidCertificate, verifyCertificate, verifyMultiDigestCertificate, verifyVote } from './verify-certificate';

const digest: Bytes32 = `0x${'c3'.repeat(32)}`;
// Ten members of stake 1: quorum 7.
const { keyPairs, table } = demoCommittee('verify', 10);
const keys = new StakeTableKeys(table);
const threshold = quorumThreshold(keys.totalStake);
const signatures = keyPairs.map((k) => signDigest(k.secretKey, digest));

function certificateOf(signers: number[], signedBy = signers, over = digest): Certificate {
  const sigs = signedBy.map((i) => (over === digest ? signatures[i] : signDigest(keyPairs[i].secretKey, over)));
  return { signers: signersToBitmap(signers, keys.size), signature: aggregateSignatures(sigs) };
}

function reasonOf(run: () => void): InvalidCertificateReason | 'valid' {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidCertificateError) return error.reason;
    throw error;
  }
  return 'valid';
}

const quorum = [0, 1, 2, 3, 5, 8, 9];
const good = certificateOf(quorum);

describe('verifyCertificate', () => {
  it('accepts a quorum whose aggregate verifies', () => {
    expect(reasonOf(() => verifyCertificate(keys, digest, good, threshold))).toBe('valid');
    expect(isValidCertificate(keys, digest, good, threshold)).toBe(true);
  });

  it('refuses a malformed bitmap as badBitmap', () => {
    const check = (signers: Uint8Array) => reasonOf(() => verifyCertificate(keys, digest, { ...good, signers }, 1n));
    expect(check(new Uint8Array(1))).toBe('badBitmap');
    expect(check(new Uint8Array(3))).toBe('badBitmap');
    expect(check(Uint8Array.of(0xff, 0b0000_0100))).toBe('badBitmap');
  });

  it('refuses signers under the threshold as shortStake, before any pairing', () => {
    const six = certificateOf([0, 1, 2, 3, 4, 5]);
    expect(reasonOf(() => verifyCertificate(keys, digest, six, threshold))).toBe('shortStake');
    expect(reasonOf(() => verifyCertificate(keys, digest, six, 6n))).toBe('valid');
    const none = { signers: new Uint8Array(2), signature: good.signature };
    expect(reasonOf(() => verifyCertificate(keys, digest, none, 0n))).toBe('shortStake');
  });

  it('refuses a tampered certificate as badAggregate', () => {
    const check = (certificate: Certificate, over = digest) =>
      reasonOf(() => verifyCertificate(keys, over, certificate, threshold));
    expect(check(good, `0x${'c4'.repeat(32)}`)).toBe('badAggregate');
    // A signer claimed who did not sign, a signer who signed but is not claimed.
    expect(check({ ...good, signers: signersToBitmap([...quorum, 4], 10) })).toBe('badAggregate');
    expect(check(certificateOf(quorum, [...quorum, 4]))).toBe('badAggregate');
    expect(check(certificateOf(quorum, quorum, `0x${'c5'.repeat(32)}`))).toBe('badAggregate');
    expect(check({ ...good, signature: new Uint8Array(96).fill(3) })).toBe('badAggregate');
    expect(check({ ...good, signature: Uint8Array.from([0xc0, ...new Uint8Array(95)]) })).toBe('badAggregate');
    expect(check({ ...good, signature: offSubgroupSignature() })).toBe('badAggregate');
    expect(check({ ...good, signature: good.signature.slice(1) })).toBe('badAggregate');
    expect(isValidCertificate(keys, `0x${'c4'.repeat(32)}`, good, threshold)).toBe(false);
  });
});

describe('verifyMultiDigestCertificate', () => {
  // A timeout certificate for view 9: signers hold QCs of views 7 and 8.
  const highQcView = (signer: number) => (signer % 2 === 0 ? 8 : 7);
  const digestOf = (signer: number) => timeoutVoteDigest(35353n, 9, highQcView(signer));
  const signers = [0, 1, 2, 4, 5, 6, 7];
  const certificate: Certificate = {
    signers: signersToBitmap(signers, 10),
    signature: aggregateSignatures(signers.map((i) => signDigest(keyPairs[i].secretKey, digestOf(i)))),
  };

  it('accepts signers over different digests with one pairing product', () => {
    expect(reasonOf(() => verifyMultiDigestCertificate(keys, digestOf, certificate, threshold))).toBe('valid');
  });

  it('accepts the one-digest case, like verifyCertificate', () => {
    expect(reasonOf(() => verifyMultiDigestCertificate(keys, () => digest, good, threshold))).toBe('valid');
  });

  it('refuses when a signer is held to a digest it did not sign', () => {
    const lying = (signer: number) => (signer === 5 ? timeoutVoteDigest(35353n, 9, 8) : digestOf(signer));
    expect(reasonOf(() => verifyMultiDigestCertificate(keys, lying, certificate, threshold))).toBe('badAggregate');
    expect(reasonOf(() => verifyMultiDigestCertificate(keys, () => digestOf(0), certificate, threshold))).toBe(
      'badAggregate',
    );
  });

  it('hands the callback each signer with its position in bitmap order, as highQcViews is indexed', () => {
    const highQcViews = signers.map(highQcView);
    const byPosition = (_signer: number, position: number) => timeoutVoteDigest(35353n, 9, highQcViews[position]);
    expect(reasonOf(() => verifyMultiDigestCertificate(keys, byPosition, certificate, threshold))).toBe('valid');
    const tooShort = (_signer: number, position: number) =>
      timeoutVoteDigest(35353n, 9, highQcViews.slice(1)[position] as number);
    expect(() => verifyMultiDigestCertificate(keys, tooShort, certificate, threshold)).toThrow(InvalidCertificateError);
  });

  it('checks the bitmap and the stake first', () => {
    const short = { ...certificate, signers: signersToBitmap([0, 1], 10) };
    expect(reasonOf(() => verifyMultiDigestCertificate(keys, digestOf, short, threshold))).toBe('shortStake');
    const wide = { ...certificate, signers: new Uint8Array(3) };
    expect(reasonOf(() => verifyMultiDigestCertificate(keys, digestOf, wide, threshold))).toBe('badBitmap');
  });
});

describe('verifyVote', () => {
  it("accepts a member's signature and refuses everything else without throwing", () => {
    expect(verifyVote(keys, 3, digest, signatures[3])).toBe(true);
    expect(verifyVote(keys, 4, digest, signatures[3])).toBe(false);
    expect(verifyVote(keys, 3, `0x${'c4'.repeat(32)}`, signatures[3])).toBe(false);
    expect(verifyVote(keys, 10, digest, signatures[3])).toBe(false);
    expect(verifyVote(keys, -1, digest, signatures[3])).toBe(false);
    expect(verifyVote(keys, 3, digest, new Uint8Array(96).fill(5))).toBe(false);
    expect(verifyVote(keys, 3, digest, offSubgroupSignature())).toBe(false);
    expect(verifyVote(keys, 3, '0xzz' as Bytes32, signatures[3])).toBe(false);
  });
});
