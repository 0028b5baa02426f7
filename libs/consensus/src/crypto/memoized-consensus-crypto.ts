import type { Bytes32, Certificate } from '@hotshot/protocol';
import { bytesToHex } from 'viem';
import type { AssembledVotes, ConsensusCrypto, SignedDigestVote, SignedVote } from './consensus-crypto';

/** How many verified signatures and certificates to remember: a few views' worth of messages. */
const MEMO_SIZE = 1024;

/**
 * A ConsensusCrypto that remembers what verified, so a signature the network module checked before the queue
 * (preverifyMessage) costs the core a map lookup instead of a pairing. Only successes are kept: verification is
 * a pure function of its arguments, and a failure is rare and must stay as expensive for its sender.
 */
export class MemoizedConsensusCrypto implements ConsensusCrypto {
  private readonly signatures = new Set<string>();
  private readonly certificates = new Set<string>();

  constructor(private readonly inner: ConsensusCrypto) {}

  sign(digest: Bytes32): Uint8Array {
    return this.inner.sign(digest);
  }

  verify(signer: number, digest: Bytes32, signature: Uint8Array): boolean {
    const key = `${signer}|${digest.toLowerCase()}|${bytesToHex(signature)}`;
    if (this.signatures.has(key)) return true;
    const valid = this.inner.verify(signer, digest, signature);
    if (valid) remember(this.signatures, key);
    return valid;
  }

  assemble(digest: Bytes32, votes: readonly SignedVote[], threshold: bigint): AssembledVotes {
    return this.inner.assemble(digest, votes, threshold);
  }

  assembleMultiDigest(votes: readonly SignedDigestVote[], threshold: bigint): AssembledVotes {
    return this.inner.assembleMultiDigest(votes, threshold);
  }

  verifyCertificate(digest: Bytes32, certificate: Certificate, threshold: bigint): boolean {
    const key = `${digest.toLowerCase()}|${threshold}|${bytesToHex(certificate.signers)}|${bytesToHex(certificate.signature)}`;
    if (this.certificates.has(key)) return true;
    const valid = this.inner.verifyCertificate(digest, certificate, threshold);
    if (valid) remember(this.certificates, key);
    return valid;
  }

  verifyMultiDigestCertificate(
    digestOf: (signer: number) => Bytes32,
    certificate: Certificate,
    threshold: bigint,
  ): boolean {
    return this.inner.verifyMultiDigestCertificate(digestOf, certificate, threshold);
  }
}

function remember(set: Set<string>, key: string): void {
  set.add(key);
  // Sets iterate in insertion order: the oldest goes first.
  if (set.size > MEMO_SIZE) set.delete(set.values().next().value!);
}
