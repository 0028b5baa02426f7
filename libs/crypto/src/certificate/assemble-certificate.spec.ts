import { quorumThreshold, timeoutVoteDigest, type Bytes32 } from '@hotshot/protocol';
import { signDigest } from '../bls/bls';
import { DuplicateSignerError, InsufficientStakeError, UnknownSignerError } from '../errors';
import { demoCommittee } from '../testing/demo-committee';
import { offSubgroupSignature } from '../testing/off-subgroup';
import {
  assembleCertificate,
  assembleMultiDigestCertificate,
  type SignedDigestVote,
  type SignedVote,
} from './assemble-certificate';
import { bitmapToSigners } from './signer-bitmap';
import { StakeTableKeys } from './stake-table-keys';
import { verifyCertificate, verifyMultiDigestCertificate } from './verify-certificate';

const digest: Bytes32 = `0x${'5a'.repeat(32)}`;
const otherDigest: Bytes32 = `0x${'5b'.repeat(32)}`;
// Stakes 1..8: total 36, quorum 25.
const { keyPairs, table } = demoCommittee('assemble', 8, (i) => BigInt(i + 1));
const keys = new StakeTableKeys(table);
// Every group check in assemble is one pairing product through this method.
const pairingChecks = jest.spyOn(keys.backend, 'verifyDistinctMessages');
const threshold = quorumThreshold(keys.totalStake);
const signatures = keyPairs.map((k) => signDigest(k.secretKey, digest));
const vote = (signer: number, signature = signatures[signer]): SignedVote => ({ signer, signature });

describe('assembleCertificate', () => {
  beforeEach(() => pairingChecks.mockClear());

  it('aggregates valid votes with a single pairing check', () => {
    const { certificate, rejected } = assembleCertificate(
      keys,
      digest,
      [7, 2, 5, 6, 4].map((i) => vote(i)),
      threshold,
    );
    expect(rejected).toEqual([]);
    expect(bitmapToSigners(certificate.signers, keys.size)).toEqual([2, 4, 5, 6, 7]);
    expect(pairingChecks).toHaveBeenCalledTimes(1);
    expect(() => verifyCertificate(keys, digest, certificate, threshold)).not.toThrow();
  });

  it('bisects only when the aggregate fails, and drops exactly the bad signatures', () => {
    const votes = [
      vote(0),
      vote(1, signDigest(keyPairs[1].secretKey, otherDigest)), // signed something else
      vote(2),
      vote(3, signatures[4]), // replays another member's signature
      vote(4),
      vote(5, new Uint8Array(96).fill(7)), // does not decode
      vote(6),
      vote(7),
    ];
    const { certificate, rejected } = assembleCertificate(keys, digest, votes, 20n);
    expect(rejected).toEqual([1, 3, 5]);
    expect(bitmapToSigners(certificate.signers, keys.size)).toEqual([0, 2, 4, 6, 7]);
    expect(() => verifyCertificate(keys, digest, certificate, 20n)).not.toThrow();
    // Bisection bound: the aggregate, then at most two checks per level for each bad vote.
    expect(pairingChecks.mock.calls.length).toBeLessThanOrEqual(1 + 2 * 2 * Math.ceil(Math.log2(7)));
  });

  it('finds one bad vote of eight with one pairing per level when the left halves verify', () => {
    const votes = [0, 1, 2, 3, 4, 5, 6].map((i) => vote(i)).concat(vote(7, signatures[0]));
    expect(assembleCertificate(keys, digest, votes, threshold).rejected).toEqual([7]);
    // The aggregate, then [0..3], [4,5], [6]: each right half is known bad once its left sibling verifies.
    expect(pairingChecks).toHaveBeenCalledTimes(1 + Math.log2(8));
  });

  it('drops a signature with a component outside the subgroup', () => {
    const votes = [4, 5, 6, 7].map((i) => vote(i)).concat(vote(3, offSubgroupSignature()));
    const { certificate, rejected } = assembleCertificate(keys, digest, votes, threshold);
    expect(rejected).toEqual([3]);
    expect(() => verifyCertificate(keys, digest, certificate, threshold)).not.toThrow();
  });

  it('throws InsufficientStakeError with signed and needed stake when the good votes fall short', () => {
    const votes = [vote(7), vote(6), vote(5), vote(4, signatures[0])];
    expect(() => assembleCertificate(keys, digest, votes, threshold)).toThrow(
      expect.objectContaining({ name: 'InsufficientStakeError', signed: 21n, needed: threshold }),
    );
  });

  it('refuses before any pairing when even every vote would fall short', () => {
    const votes = [vote(0), vote(1, new Uint8Array(96)), vote(2)];
    expect(() => assembleCertificate(keys, digest, votes, threshold)).toThrow(
      expect.objectContaining({ signed: 6n, needed: threshold }),
    );
    expect(pairingChecks).not.toHaveBeenCalled();
    expect(() => assembleCertificate(keys, digest, [], 0n)).toThrow(InsufficientStakeError);
  });

  it('throws typed errors for duplicate and unknown signers', () => {
    expect(() => assembleCertificate(keys, digest, [vote(1), vote(2), vote(1)], 1n)).toThrow(DuplicateSignerError);
    expect(() => assembleCertificate(keys, digest, [vote(1), { signer: 8, signature: signatures[1] }], 1n)).toThrow(
      UnknownSignerError,
    );
  });
});

describe('assembleMultiDigestCertificate', () => {
  beforeEach(() => pairingChecks.mockClear());
  // Timeout votes for view 12: members hold QCs of views 10 and 11.
  const digestOf = (signer: number) => timeoutVoteDigest(35353n, 12, signer < 4 ? 10 : 11);
  const timeoutVote = (signer: number, over = digestOf(signer)): SignedDigestVote => ({
    signer,
    digest: digestOf(signer),
    signature: signDigest(keyPairs[signer].secretKey, over),
  });

  it('aggregates votes over different digests with one pairing product, verifiable per signer digest', () => {
    const votes = [2, 3, 4, 5, 6, 7].map((i) => timeoutVote(i));
    const { certificate, rejected } = assembleMultiDigestCertificate(keys, votes, threshold);
    expect(rejected).toEqual([]);
    expect(pairingChecks).toHaveBeenCalledTimes(1);
    expect(() => verifyMultiDigestCertificate(keys, digestOf, certificate, threshold)).not.toThrow();
  });

  it('drops a vote whose signature is over another digest than the one it claims, or whose digest is not hex', () => {
    const votes = [
      timeoutVote(3, timeoutVoteDigest(35353n, 12, 11)),
      ...[4, 5, 6, 7].map((i) => timeoutVote(i)),
      { ...timeoutVote(2), digest: '0x12' as Bytes32 },
    ];
    const { certificate, rejected } = assembleMultiDigestCertificate(keys, votes, 20n);
    expect(rejected).toEqual([2, 3]);
    expect(() => verifyMultiDigestCertificate(keys, digestOf, certificate, 20n)).not.toThrow();
  });
});
