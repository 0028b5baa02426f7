import {
  aggregateSignatures,
  assembleCertificate,
  InsufficientStakeError,
  InvalidCertificateError,
  InvalidKeyMaterialError,
  isValidCertificate,
  signDigest,
  signersToBitmap,
  StakeTableKeys,
  verifyMultiDigestCertificate,
} from '@hotshot/crypto';
import type { Bytes32, Certificate, StakeTable } from '@hotshot/protocol';
import type { AssembledVotes, ConsensusCrypto, SignedDigestVote, SignedVote } from './consensus-crypto';

/**
 * ConsensusCrypto over BLS12-381 (DESIGN.md section 2), built on @hotshot/crypto: StakeTableKeys decodes every
 * public key once, assembleCertificate aggregates and verifies once and bisects only on failure, and timeout
 * certificates are checked with one pairing per distinct highQc view.
 */
export class BlsConsensusCrypto implements ConsensusCrypto {
  /**
   * `keys` is the stake table with decoded keys (build one per table and share it); `secretKey` is this node's,
   * undefined when a remote signer holds it (the core then defers its signing and never calls sign).
   */
  constructor(
    private readonly keys: StakeTableKeys,
    private readonly secretKey: Uint8Array | undefined,
  ) {}

  /** A BlsConsensusCrypto for a stake table (decodes its keys; throws InvalidStakeTableError on a bad key). */
  static forStakeTable(table: StakeTable, secretKey: Uint8Array): BlsConsensusCrypto {
    return new BlsConsensusCrypto(new StakeTableKeys(table), secretKey);
  }

  sign(digest: Bytes32): Uint8Array {
    if (!this.secretKey)
      throw new InvalidKeyMaterialError('secretKey', 'not in this process (a remote signer holds it)');
    return signDigest(this.secretKey, digest);
  }

  verify(signer: number, digest: Bytes32, signature: Uint8Array): boolean {
    if (!this.isMember(signer)) return false;
    // A one-signer certificate reuses the decoded key and the hashed-digest cache.
    const single = { signers: signersToBitmap([signer], this.keys.size), signature };
    return this.verifyCertificate(digest, single, this.keys.stake(signer));
  }

  assemble(digest: Bytes32, votes: readonly SignedVote[], threshold: bigint): AssembledVotes {
    try {
      const { certificate, rejected } = assembleCertificate(this.keys, digest, votes, threshold);
      return { certificate, rejected };
    } catch (error) {
      if (!(error instanceof InsufficientStakeError)) throw error;
      // Too few good votes: find the bad ones one by one (rare: only when forged votes sank the quorum).
      return {
        rejected: votes.filter((vote) => !this.verify(vote.signer, digest, vote.signature)).map((v) => v.signer),
      };
    }
  }

  assembleMultiDigest(votes: readonly SignedDigestVote[], threshold: bigint): AssembledVotes {
    const sorted = [...votes].sort((a, b) => a.signer - b.signer);
    const whole = this.aggregate(sorted);
    const digestOf = new Map(sorted.map((vote) => [vote.signer, vote.digest]));
    if (whole && this.verifyMultiDigestCertificate((signer) => digestOf.get(signer)!, whole, threshold)) {
      return { certificate: whole, rejected: [] };
    }
    const good = sorted.filter((vote) => this.verify(vote.signer, vote.digest, vote.signature));
    const rejected = sorted.filter((vote) => !good.includes(vote)).map((vote) => vote.signer);
    if (good.length === 0 || this.keys.stakeOf(good.map((vote) => vote.signer)) < threshold) return { rejected };
    return { certificate: this.aggregate(good), rejected };
  }

  verifyCertificate(digest: Bytes32, certificate: Certificate, threshold: bigint): boolean {
    try {
      return isValidCertificate(this.keys, digest, certificate, threshold);
    } catch {
      return false;
    }
  }

  verifyMultiDigestCertificate(
    digestOf: (signer: number) => Bytes32,
    certificate: Certificate,
    threshold: bigint,
  ): boolean {
    try {
      verifyMultiDigestCertificate(this.keys, digestOf, certificate, threshold);
      return true;
    } catch (error) {
      if (error instanceof InvalidCertificateError) return false;
      throw error;
    }
  }

  private aggregate(votes: readonly SignedVote[]): Certificate | undefined {
    if (votes.length === 0) return undefined;
    try {
      return {
        signers: signersToBitmap(
          votes.map((vote) => vote.signer),
          this.keys.size,
        ),
        signature: aggregateSignatures(votes.map((vote) => vote.signature)),
      };
    } catch (error) {
      if (error instanceof InvalidKeyMaterialError) return undefined;
      throw error;
    }
  }

  private isMember(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.keys.size;
  }
}
