import type { Bytes32, Certificate } from '@hotshot/protocol';
import type { CollectedVote, VoteCollector } from '../types/state';
import { bytesEqual, withEntry, withoutEntry } from './collections';
import { stakeOf } from './context';
import type { StepScope } from './scope';

const EMPTY: VoteCollector = { votes: new Map(), certified: false };

/** Which collector a vote goes to: quorum votes (gathered by leader(v + 1)) or DA votes (by leader(v)). */
export type VoteKind = 'QuorumVote' | 'DaVote';

/** One vote offered to a collector. */
export interface OfferedVote {
  readonly kind: VoteKind;
  readonly view: number;
  readonly sender: number;
  readonly commitment: Bytes32;
  readonly signature: Uint8Array;
  /** This node's own vote: signed here, so never checked. */
  readonly trusted: boolean;
}

/** What happened to a vote, and the certificate it completed, if any. */
export interface CollectResult {
  readonly outcome: 'added' | 'duplicate' | 'invalid-signature' | 'equivocation' | 'certified';
  readonly certificate?: Certificate;
}

/**
 * Counts a vote toward a certificate for its commitment (DESIGN.md 4 step 4; section 2 "verify aggregates"):
 * votes are not checked alone; once one commitment's votes reach `threshold` stake they are aggregated and
 * verified once, and the crypto bisects only if that fails. A second, different vote from one sender is checked
 * at once: if both hold, the sender equivocated.
 */
export function collectVote(
  scope: StepScope,
  vote: OfferedVote,
  digestOf: (commitment: Bytes32) => Bytes32,
  threshold: bigint,
): CollectResult {
  const { ctx, state: s } = scope;
  const field = vote.kind === 'QuorumVote' ? 'votes' : 'daVotes';
  const collector = s[field].get(vote.view) ?? EMPTY;
  if (collector.certified) return { outcome: 'certified' };
  const verify = (commitment: Bytes32, signature: Uint8Array) =>
    ctx.crypto.verify(vote.sender, digestOf(commitment), signature);

  let entry: CollectedVote = { commitment: vote.commitment, signature: vote.signature, verified: vote.trusted };
  const existing = collector.votes.get(vote.sender);
  if (existing) {
    if (existing.commitment === entry.commitment && bytesEqual(existing.signature, entry.signature)) {
      return { outcome: 'duplicate' };
    }
    if (!vote.trusted && !verify(entry.commitment, entry.signature)) return { outcome: 'invalid-signature' };
    entry = { ...entry, verified: true };
    if (existing.verified || verify(existing.commitment, existing.signature)) {
      return { outcome: existing.commitment === entry.commitment ? 'duplicate' : 'equivocation' };
    }
    // The vote held before was forged in the sender's name; the genuine one replaces it.
  }
  let votes = withEntry(collector.votes, vote.sender, entry);

  let stake = 0n;
  for (const [signer, held] of votes) if (held.commitment === entry.commitment) stake += stakeOf(ctx, signer);
  if (stake < threshold) {
    s[field] = withEntry(s[field], vote.view, { votes, certified: false });
    return { outcome: 'added' };
  }
  const offered = [...votes]
    .filter(([, held]) => held.commitment === entry.commitment)
    .map(([signer, held]) => ({ signer, signature: held.signature }));
  const { certificate, rejected } = ctx.crypto.assemble(digestOf(entry.commitment), offered, threshold);
  for (const signer of rejected) {
    votes = withoutEntry(votes, signer);
    scope.reject(vote.kind, signer, vote.view, 'invalid-signature');
  }
  s[field] = withEntry(s[field], vote.view, { votes, certified: certificate !== undefined });
  return certificate ? { outcome: 'added', certificate } : { outcome: 'added' };
}
