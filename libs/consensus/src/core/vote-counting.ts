import type { DaVoteMessage, QuorumVoteMessage } from '../types/messages';
import { rememberVerified } from './certificates';
import { daDigest, quorumDigest } from './memo';
import { sendProposal } from './proposing';
import type { StepScope } from './scope';
import { learnQc } from './view-change';
import { collectVote, type CollectResult } from './vote-collection';

/** Counts a quorum vote as leader(v + 1); a completed QC is taken in at once (step 4). */
export function countQuorumVote(scope: StepScope, vote: QuorumVoteMessage, trusted: boolean): CollectResult {
  const { ctx } = scope;
  const { view, leafCommitment } = vote;
  const result = collectVote(
    scope,
    { kind: 'QuorumVote', view, sender: vote.sender, commitment: leafCommitment, signature: vote.signature, trusted },
    (commitment) => quorumDigest(ctx.config.chainId, view, commitment),
    ctx.quorum,
  );
  if (result.certificate) {
    rememberVerified(scope, `q:${view}:${leafCommitment}`, result.certificate);
    learnQc(scope, { view, leafCommitment, certificate: result.certificate }, { forward: false });
  }
  return result;
}

/** Counts a DA vote as leader(view); a completed DA certificate releases the proposal (step 2). */
export function countDaVote(scope: StepScope, vote: DaVoteMessage, trusted: boolean): CollectResult {
  const { ctx, state: s } = scope;
  const { view, payloadCommitment } = vote;
  const result = collectVote(
    scope,
    { kind: 'DaVote', view, sender: vote.sender, commitment: payloadCommitment, signature: vote.signature, trusted },
    (commitment) => daDigest(ctx.config.chainId, view, commitment),
    ctx.daQuorum,
  );
  const build = s.build;
  if (result.certificate && build?.built && build.view === view) {
    rememberVerified(scope, `d:${view}:${payloadCommitment}`, result.certificate);
    sendProposal(scope, build.built, { daCertificate: { view, payloadCommitment, certificate: result.certificate } });
  }
  return result;
}
