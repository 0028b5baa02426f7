import type { Bytes32, BlockPayload } from '@hotshot/protocol';
import type { DaVoteMessage, QuorumVoteMessage } from '../types/messages';
import type { LeafRecord } from '../types/state';
import { rememberVerified } from './certificates';
import { withEntry } from './collections';
import { leaderOf } from './context';
import { daDigest, quorumDigest } from './memo';
import { sendProposal } from './proposing';
import type { StepScope } from './scope';
import { learnQc } from './view-change';
import { collectVote, type CollectResult } from './vote-collection';

/**
 * Votes for a leaf (DESIGN.md 4 step 4): records the view as actioned, then sends the vote to leader(v + 1), or
 * counts it here when this node is that leader. The caller has checked the voting rule (step 3).
 */
export function castVote(scope: StepScope, record: LeafRecord): void {
  const { ctx, state: s } = scope;
  const view = record.leaf.view;
  const digest = quorumDigest(ctx.config.chainId, view, record.commitment);
  if (view > s.lastActionedView) s.lastActionedView = view;
  scope.recordAction({ view, kind: 'quorum-vote', digest });
  const vote: QuorumVoteMessage = {
    kind: 'QuorumVote',
    view,
    leafCommitment: record.commitment,
    sender: ctx.self,
    signature: ctx.crypto.sign(digest),
  };
  const leader = leaderOf(ctx, view + 1);
  if (leader === ctx.self) countQuorumVote(scope, vote, true);
  else scope.sendTo(leader, vote);
}

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

/**
 * A DA committee member's vote (step 1): it holds the checked payload of `view`, keeps it for the proposal,
 * and tells leader(view). Never twice in one view, even across restarts (lastDaVotedView is persisted).
 */
export function castDaVote(
  scope: StepScope,
  view: number,
  payloadCommitment: Bytes32,
  payload: BlockPayload,
  size: number,
): void {
  const { ctx, state: s } = scope;
  s.daPayloads = withEntry(s.daPayloads, view, { commitment: payloadCommitment, payload, size });
  s.lastDaVotedView = view;
  const digest = daDigest(ctx.config.chainId, view, payloadCommitment);
  scope.recordAction({ view, kind: 'da-vote', digest });
  const vote: DaVoteMessage = {
    kind: 'DaVote',
    view,
    payloadCommitment,
    sender: ctx.self,
    signature: ctx.crypto.sign(digest),
  };
  const leader = leaderOf(ctx, view);
  if (leader === ctx.self) countDaVote(scope, vote, true);
  else scope.sendTo(leader, vote);
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
