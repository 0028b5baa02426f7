import type { Bytes32, Certificate } from '@hotshot/protocol';

/** One signer's signature over a digest, not checked yet. */
export interface SignedVote {
  readonly signer: number;
  readonly signature: Uint8Array;
}

/** One signer's signature over its own digest (timeout votes: each binds the signer's highQc view). */
export interface SignedDigestVote extends SignedVote {
  readonly digest: Bytes32;
}

/** The certificate built from a vote set, if the good votes reach the threshold, and the signers dropped as bad. */
export interface AssembledVotes {
  readonly certificate?: Certificate;
  /** Signers whose signature did not verify, ascending. */
  readonly rejected: readonly number[];
}

/**
 * The signature scheme as the consensus core sees it (DESIGN.md section 2). It enters through the context so the
 * core stays pure and the simulator can swap BLS for a fast fake. Indices are stake-table positions; thresholds
 * are in stake; a certificate's signers bitmap is over stake-table order. No method throws on a peer's bytes.
 */
export interface ConsensusCrypto {
  /** This node's signature over `digest`. */
  sign(digest: Bytes32): Uint8Array;
  /** Whether `signature` is member `signer`'s over `digest`; false for garbage or an unknown signer. */
  verify(signer: number, digest: Bytes32, signature: Uint8Array): boolean;
  /**
   * Aggregates distinct members' votes over one digest, verifying the aggregate once and bisecting only when it
   * fails. The certificate is absent when the good votes' stake is under `threshold`.
   */
  assemble(digest: Bytes32, votes: readonly SignedVote[], threshold: bigint): AssembledVotes;
  /** assemble for votes over different digests (one pairing per distinct digest). */
  assembleMultiDigest(votes: readonly SignedDigestVote[], threshold: bigint): AssembledVotes;
  /** Whether `certificate` proves at least `threshold` stake signed `digest`. */
  verifyCertificate(digest: Bytes32, certificate: Certificate, threshold: bigint): boolean;
  /** Whether `certificate` proves at least `threshold` stake signed, each signer its own `digestOf(signer)`. */
  verifyMultiDigestCertificate(
    digestOf: (signer: number) => Bytes32,
    certificate: Certificate,
    threshold: bigint,
  ): boolean;
}
