import type { Certificate } from '@hotshot/protocol';
import type { AssembledVotes } from '../crypto/consensus-crypto';
import { bytesEqual, withEntry } from './collections';

/**
 * Where a tallied vote's signature stands. Votes are not checked one by one but in aggregate, so most stay
 * `unchecked`; `rejected` ones failed and are kept so their signer cannot make the tally aggregate them again.
 */
export type VoteCheck = 'unchecked' | 'verified' | 'rejected';

/** One signer's vote as a tally holds it: what it is for (`data`: a commitment, a highQc view) and its signature. */
export interface TalliedVote<D> {
  readonly data: D;
  readonly signature: Uint8Array;
  readonly check: VoteCheck;
}

/**
 * The votes of one round (a view's quorum, DA or timeout votes; a height's finality signatures), at most one per
 * signer, until they form a certificate. Immutable: every change returns a new tally.
 */
export interface VoteTally<D> {
  readonly votes: ReadonlyMap<number, TalliedVote<D>>;
  readonly certified: boolean;
}

/** A tally with no votes. */
export function emptyTally<D>(): VoteTally<D> {
  return { votes: new Map(), certified: false };
}

/** A vote offered to a tally. */
export interface OfferedVote<D> {
  readonly signer: number;
  readonly data: D;
  readonly signature: Uint8Array;
  /** This node's own vote: signed here, so never checked. */
  readonly trusted: boolean;
}

/**
 * What the tally did with an offered vote: took it, already held it, refused it because its signature failed, or
 * found its signer's second valid vote for other data; `certified` when the round was over already.
 */
export type TallyOutcome = 'added' | 'duplicate' | 'invalid-signature' | 'equivocation' | 'certified';

/** Whether `signature` is `signer`'s over the digest `data` stands for. */
export type VerifyVote<D> = (signer: number, data: D, signature: Uint8Array) => boolean;

/**
 * Adds a vote without checking its signature (DESIGN.md section 2, "verify aggregates"). A second, different vote
 * from a signer is checked at once: a failing one is refused; when the held vote is good too, the signer voted
 * twice (`equivocation` for other data, else `duplicate`); when the held one was forged or rejected, the new one
 * replaces it, so nobody can block a signer by voting first in its name.
 */
export function addVote<D>(
  tally: VoteTally<D>,
  vote: OfferedVote<D>,
  verify: VerifyVote<D>,
): { readonly tally: VoteTally<D>; readonly outcome: TallyOutcome } {
  if (tally.certified) return { tally, outcome: 'certified' };
  let entry: TalliedVote<D> = {
    data: vote.data,
    signature: vote.signature,
    check: vote.trusted ? 'verified' : 'unchecked',
  };
  const held = tally.votes.get(vote.signer);
  if (held) {
    if (held.data === entry.data && bytesEqual(held.signature, entry.signature)) return { tally, outcome: 'duplicate' };
    if (!vote.trusted && !verify(vote.signer, entry.data, entry.signature)) {
      return { tally, outcome: 'invalid-signature' };
    }
    entry = { ...entry, check: 'verified' };
    const heldIsGood =
      held.check === 'verified' || (held.check === 'unchecked' && verify(vote.signer, held.data, held.signature));
    if (heldIsGood) return { tally, outcome: held.data === entry.data ? 'duplicate' : 'equivocation' };
  }
  return { tally: { votes: withEntry(tally.votes, vote.signer, entry), certified: false }, outcome: 'added' };
}

/** A tallied vote handed to the aggregation. */
export interface CountedVote<D> {
  readonly signer: number;
  readonly data: D;
  readonly signature: Uint8Array;
}

/** Which votes make one certificate, how much stake it needs, and how their signatures are aggregated. */
export interface CertificateRule<D> {
  /** Whether a vote for `data` counts toward this certificate (one commitment; every timeout vote of a view). */
  readonly counts: (data: D) => boolean;
  readonly stakeOf: (signer: number) => bigint;
  readonly threshold: bigint;
  /**
   * Aggregates the counted votes and verifies the aggregate once, bisecting only when it fails
   * (ConsensusCrypto.assemble or assembleMultiDigest over the votes' digests).
   */
  readonly assemble: (votes: readonly CountedVote<D>[], threshold: bigint) => AssembledVotes;
}

/** A tally after a certification attempt: the certificate when one formed, and the signers found bad, ascending. */
export interface CertifyResult<D> {
  readonly tally: VoteTally<D>;
  readonly certificate?: Certificate;
  readonly rejected: readonly number[];
}

/**
 * Forms the certificate once the counted votes' stake reaches the threshold: nothing is aggregated before (no
 * pairing is worth computing while even all-good votes fall short). Signers whose signatures fail are marked
 * rejected; without a certificate the tally waits for more votes.
 */
export function certifyVotes<D>(tally: VoteTally<D>, rule: CertificateRule<D>): CertifyResult<D> {
  if (tally.certified) return { tally, rejected: [] };
  const counted: CountedVote<D>[] = [];
  let stake = 0n;
  for (const [signer, vote] of tally.votes) {
    if (vote.check === 'rejected' || !rule.counts(vote.data)) continue;
    counted.push({ signer, data: vote.data, signature: vote.signature });
    stake += rule.stakeOf(signer);
  }
  if (stake < rule.threshold) return { tally, rejected: [] };
  const { certificate, rejected } = rule.assemble(counted, rule.threshold);
  let votes = tally.votes;
  for (const signer of rejected) votes = withEntry(votes, signer, { ...votes.get(signer)!, check: 'rejected' });
  const next = { votes, certified: certificate !== undefined };
  return certificate ? { tally: next, certificate, rejected } : { tally: next, rejected };
}
