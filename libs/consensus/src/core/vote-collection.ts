import type { Bytes32, Certificate } from '@hotshot/protocol';
import { withEntry } from './collections';
import { stakeOf } from './context';
import type { StepScope } from './scope';
import { addVote, certifyVotes, emptyTally, type TallyOutcome } from './vote-tally';

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
  readonly outcome: TallyOutcome;
  readonly certificate?: Certificate;
}

/**
 * Counts a vote toward a certificate for its commitment (DESIGN.md 4 step 4) in the view's tally (vote-tally.ts:
 * votes are checked in aggregate once one commitment's votes reach `threshold` stake, a signer's second vote at
 * once). Signers whose votes fail the aggregate are reported and keep their rejected vote in the tally.
 */
export function collectVote(
  scope: StepScope,
  vote: OfferedVote,
  digestOf: (commitment: Bytes32) => Bytes32,
  threshold: bigint,
): CollectResult {
  const { ctx, state: s } = scope;
  const field = vote.kind === 'QuorumVote' ? 'votes' : 'daVotes';
  const added = addVote(
    s[field].get(vote.view) ?? emptyTally<Bytes32>(),
    { signer: vote.sender, data: vote.commitment, signature: vote.signature, trusted: vote.trusted },
    (signer, commitment, signature) => ctx.crypto.verify(signer, digestOf(commitment), signature),
  );
  if (added.outcome !== 'added') return { outcome: added.outcome };
  const { tally, certificate, rejected } = certifyVotes(added.tally, {
    counts: (commitment) => commitment === vote.commitment,
    stakeOf: (signer) => stakeOf(ctx, signer),
    threshold,
    assemble: (votes, needed) => ctx.crypto.assemble(digestOf(vote.commitment), votes, needed),
  });
  for (const signer of rejected) scope.reject(vote.kind, signer, vote.view, 'invalid-signature');
  s[field] = withEntry(s[field], vote.view, tally);
  return certificate ? { outcome: 'added', certificate } : { outcome: 'added' };
}
