import type { Bytes32, Certificate } from '@hotshot/protocol';
import { hexToBytes, isHex } from 'viem';
import type { SignaturePoint } from '../bls/backend';
import { DuplicateSignerError, InsufficientStakeError } from '../errors';
import { signersToBitmap } from './signer-bitmap';
import type { StakeTableKeys } from './stake-table-keys';

/** One member's vote: its stake-table index and its 96-byte signature over the digest. */
export interface SignedVote {
  readonly signer: number;
  readonly signature: Uint8Array;
}

/** A vote over the signer's own digest (timeout votes: each binds the signer's highQc view). */
export interface SignedDigestVote extends SignedVote {
  readonly digest: Bytes32;
}

/** A certificate built from votes, and the signers whose signatures were dropped as invalid. */
export interface AssembledCertificate {
  readonly certificate: Certificate;
  /** Signers whose signature (or digest) did not decode or did not verify, ascending. */
  readonly rejected: number[];
}

interface DecodedVote {
  readonly signer: number;
  readonly point: SignaturePoint;
  readonly digest: string;
  readonly message: Uint8Array;
}

/**
 * Builds a certificate over `digest` from votes nobody has checked yet (DESIGN.md section 2): aggregate every
 * signature, verify once, and only when that fails bisect to find and drop the bad ones. Throws
 * UnknownSignerError or DuplicateSignerError for a malformed vote set, and InsufficientStakeError when the
 * stake of the good votes is under `threshold`.
 */
export function assembleCertificate(
  keys: StakeTableKeys,
  digest: Bytes32,
  votes: readonly SignedVote[],
  threshold: bigint,
): AssembledCertificate {
  return assemble(
    keys,
    votes.map((vote) => ({ signer: vote.signer, signature: vote.signature, digest })),
    threshold,
  );
}

/**
 * assembleCertificate for votes over different digests (a timeout certificate): the aggregate is checked with one
 * pairing product holding a term per distinct digest, and bisected the same way when it fails. The result
 * verifies with verifyMultiDigestCertificate given each signer's digest. Throws like assembleCertificate.
 */
export function assembleMultiDigestCertificate(
  keys: StakeTableKeys,
  votes: readonly SignedDigestVote[],
  threshold: bigint,
): AssembledCertificate {
  return assemble(keys, votes, threshold);
}

function assemble(keys: StakeTableKeys, votes: readonly SignedDigestVote[], threshold: bigint): AssembledCertificate {
  const seen = new Set<number>();
  for (const { signer } of votes) {
    keys.assertMember(signer);
    if (seen.has(signer)) throw new DuplicateSignerError(signer);
    seen.add(signer);
  }
  // No pairing is worth computing when even every vote being good would not reach the threshold.
  const offered = keys.stakeOf([...seen]);
  if (offered < threshold || votes.length === 0) throw new InsufficientStakeError(offered, threshold);

  const rejected: number[] = [];
  const decoded: DecodedVote[] = [];
  for (const vote of votes) {
    const next = decodeVote(keys, vote);
    if (next) decoded.push(next);
    else rejected.push(vote.signer);
  }
  const good: DecodedVote[] = [];
  if (decoded.length > 0) collectValid(keys, decoded, false, good, rejected);

  const signers = good.map((vote) => vote.signer).sort((a, b) => a - b);
  const signed = keys.stakeOf(signers);
  if (signed < threshold || good.length === 0) throw new InsufficientStakeError(signed, threshold);
  return {
    certificate: {
      signers: signersToBitmap(signers, keys.size),
      signature: keys.backend.encodeSignature(sumSignatures(keys, good)),
    },
    rejected: rejected.sort((a, b) => a - b),
  };
}

/** The vote's signature as a curve point and its digest's bytes, or undefined when either is malformed. */
function decodeVote(keys: StakeTableKeys, vote: SignedDigestVote): DecodedVote | undefined {
  if (typeof vote.digest !== 'string' || !isHex(vote.digest, { strict: true }) || vote.digest.length !== 66) {
    return undefined;
  }
  try {
    // Unchecked: the pairing check subgroup-checks the sum, and a certificate publishes only the sum.
    const point = keys.backend.decodeSignature(vote.signature, false);
    return { signer: vote.signer, point, digest: vote.digest.toLowerCase(), message: hexToBytes(vote.digest) };
  } catch {
    return undefined;
  }
}

/**
 * Splits `votes` into verifying and failing signers by bisection. `knownBad` says the caller already proved this
 * group's aggregate fails (its sibling verified while their union did not), which saves one pairing per level.
 */
function collectValid(
  keys: StakeTableKeys,
  votes: readonly DecodedVote[],
  knownBad: boolean,
  good: DecodedVote[],
  rejected: number[],
): void {
  if (!knownBad && verifyGroup(keys, votes)) {
    good.push(...votes);
    return;
  }
  if (votes.length === 1) {
    rejected.push(votes[0].signer);
    return;
  }
  const half = votes.length >> 1;
  const left = votes.slice(0, half);
  const right = votes.slice(half);
  const goodBefore = good.length;
  collectValid(keys, left, false, good, rejected);
  // The pairing product is bilinear: when the left half verified in full and the union did not, the right cannot.
  const leftAllGood = good.length - goodBefore === left.length;
  collectValid(keys, right, leftAllGood, good, rejected);
}

/** One pairing check of the group's aggregate signature, with a term per distinct digest in the group. */
function verifyGroup(keys: StakeTableKeys, votes: readonly DecodedVote[]): boolean {
  const byDigest = new Map<string, { message: Uint8Array; signers: number[] }>();
  for (const vote of votes) {
    const group = byDigest.get(vote.digest);
    if (group) group.signers.push(vote.signer);
    else byDigest.set(vote.digest, { message: vote.message, signers: [vote.signer] });
  }
  const items = [...byDigest.values()].map(({ message, signers }) => ({
    message,
    publicKey: keys.backend.aggregatePublicKeys(signers.map((signer) => keys.publicKey(signer))),
  }));
  return keys.backend.verifyDistinctMessages(sumSignatures(keys, votes), items);
}

function sumSignatures(keys: StakeTableKeys, votes: readonly DecodedVote[]): SignaturePoint {
  return keys.backend.aggregateSignatures(votes.map((vote) => vote.point));
}
