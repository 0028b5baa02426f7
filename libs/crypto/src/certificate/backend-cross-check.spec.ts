import { quorumThreshold, timeoutVoteDigest, type Bytes32 } from '@hotshot/protocol';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { hexToBytes } from 'viem';
import { aggregateSignatures, keyPairFromSecretKey, signDigest, verifyDigest } from '../bls/bls';
import { BLS_DST } from '../bls/noble-points';
import { InvalidKeyMaterialError } from '../errors';
import { bothBackends } from '../testing/backends';
import { demoCommittee } from '../testing/demo-committee';
import { offSubgroupSignature } from '../testing/off-subgroup';
import { assembleCertificate, assembleMultiDigestCertificate } from './assemble-certificate';
import { StakeTableKeys } from './stake-table-keys';
import { isValidCertificate, verifyMultiDigestCertificate, verifyVote } from './verify-certificate';

const [[, blst], [, noble]] = bothBackends();
const { keyPairs, table } = demoCommittee('cross-check', 7, (i) => BigInt(i + 1));
const digest: Bytes32 = `0x${'e1'.repeat(32)}`;
const pairs = [
  ['blst', blst, 'noble', noble],
  ['noble', noble, 'blst', blst],
] as const;

describe('the two BLS backends agree', () => {
  it('derive the same public key and the same signature bytes (BLS signatures are deterministic)', () => {
    fc.assert(
      fc.property(
        fc.bigInt(1n, bls12_381.fields.Fr.ORDER - 1n),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (scalar, message) => {
          const secretKey = hexToBytes(`0x${scalar.toString(16).padStart(64, '0')}`);
          expect(blst.publicKeyOf(secretKey)).toEqual(noble.publicKeyOf(secretKey));
          expect(blst.sign(secretKey, message)).toEqual(noble.sign(secretKey, message));
        },
      ),
      { numRuns: 8 },
    );
  });

  it('sign with the POP ciphersuite: the signature is the secret key times the message hashed with that DST', () => {
    const key = keyPairFromSecretKey(keyPairs[0].secretKey, blst);
    const hashed = bls12_381.longSignatures.hash(hexToBytes(digest), BLS_DST);
    const expected = bls12_381.longSignatures.sign(hashed, key.secretKey).toBytes(true);
    expect(BLS_DST).toBe('BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_');
    expect(signDigest(key.secretKey, digest, blst)).toEqual(expected);
  });

  it.each(pairs)('what %s signs, %s verifies, and each refuses the same forgeries', (_a, signer, _b, verifier) => {
    const signature = signDigest(keyPairs[1].secretKey, digest, signer);
    expect(verifyDigest(keyPairs[1].publicKey, digest, signature, verifier)).toBe(true);
    expect(verifyDigest(keyPairs[2].publicKey, digest, signature, verifier)).toBe(false);
    expect(verifyDigest(keyPairs[1].publicKey, `0x${'e2'.repeat(32)}`, signature, verifier)).toBe(false);
    expect(verifyDigest(keyPairs[1].publicKey, digest, offSubgroupSignature(), verifier)).toBe(false);
    expect(verifyDigest(keyPairs[1].publicKey, digest, new Uint8Array(96), verifier)).toBe(false);
  });

  it.each(pairs)('a certificate %s assembles, %s verifies', (_a, assembler, _b, verifier) => {
    const mine = new StakeTableKeys(table, assembler);
    const theirs = new StakeTableKeys(table, verifier);
    const threshold = quorumThreshold(mine.totalStake);
    const votes = [2, 3, 4, 5, 6].map((signer) => ({
      signer,
      signature: signDigest(keyPairs[signer].secretKey, digest, assembler),
    }));
    votes.push({ signer: 1, signature: signDigest(keyPairs[0].secretKey, digest, assembler) });
    const { certificate, rejected } = assembleCertificate(mine, digest, votes, threshold);
    expect(rejected).toEqual([1]);
    expect(isValidCertificate(theirs, digest, certificate, threshold)).toBe(true);
    expect(isValidCertificate(theirs, `0x${'00'.repeat(32)}`, certificate, threshold)).toBe(false);
    expect(verifyVote(theirs, 4, digest, votes[2].signature)).toBe(true);
    expect(verifyVote(theirs, 5, digest, votes[2].signature)).toBe(false);
  });

  it.each(pairs)(
    'a timeout certificate over several digests %s assembles, %s verifies',
    (_a, assembler, _b, verifier) => {
      const mine = new StakeTableKeys(table, assembler);
      const theirs = new StakeTableKeys(table, verifier);
      const digestOf = (signer: number) => timeoutVoteDigest(7n, 30, signer % 3);
      const votes = [1, 2, 3, 4, 5, 6].map((signer) => ({
        signer,
        digest: digestOf(signer),
        signature: signDigest(keyPairs[signer].secretKey, digestOf(signer), assembler),
      }));
      const { certificate } = assembleMultiDigestCertificate(mine, votes, 20n);
      expect(() => verifyMultiDigestCertificate(theirs, digestOf, certificate, 20n)).not.toThrow();
      expect(() => verifyMultiDigestCertificate(theirs, () => digestOf(1), certificate, 20n)).toThrow();
    },
  );

  it.each(bothBackends())(
    '%s refuses the identity as a key or an aggregate, and keys that sum to it',
    (_name, backend) => {
      const infinityKey = Uint8Array.from([0xc0, ...new Uint8Array(47)]);
      expect(() => backend.decodePublicKey(infinityKey)).toThrow(InvalidKeyMaterialError);
      expect(() => backend.decodeSignature(Uint8Array.from([0xc0, ...new Uint8Array(95)]), false)).toThrow(
        InvalidKeyMaterialError,
      );
      // A key and its negation: their signatures sum to the identity over any message.
      const key = backend.decodePublicKey(keyPairs[0].publicKey);
      const negatedBytes = Uint8Array.from(keyPairs[0].publicKey);
      negatedBytes[0] ^= 0x20;
      const negated = backend.decodePublicKey(negatedBytes);
      const sum = backend.aggregatePublicKeys([key, negated]);
      const some = backend.decodeSignature(signDigest(keyPairs[0].secretKey, digest, backend), true);
      expect(backend.verify(sum, hexToBytes(digest), some)).toBe(false);
      expect(backend.verifyDistinctMessages(some, [{ message: hexToBytes(digest), publicKey: sum }])).toBe(false);
      expect(aggregateSignatures([signDigest(keyPairs[0].secretKey, digest, backend)], backend)).toEqual(
        signDigest(keyPairs[0].secretKey, digest, backend),
      );
    },
  );
});
