import type { Bytes32, BlockPayload } from '@hotshot/protocol';
import type { SignRequest } from '../types/effects';
import type { DaVoteMessage, QuorumVoteMessage } from '../types/messages';
import type { LeafRecord } from '../types/state';
import { withEntry } from './collections';
import { leaderOf } from './context';
import { daDigest, quorumDigest } from './memo';
import type { StepScope } from './scope';

/**
 * Votes for a leaf (DESIGN.md 4 step 4): records the view as actioned, then sends the vote to leader(v + 1), or
 * delivers it to itself when this node is that leader. The caller has checked the voting rule (step 3).
 */
export function castVote(scope: StepScope, record: LeafRecord): void {
  const { ctx, state: s } = scope;
  const view = record.leaf.view;
  const digest = quorumDigest(ctx.config.chainId, view, record.commitment);
  if (view > s.lastActionedView) s.lastActionedView = view;
  scope.recordAction({ view, kind: 'quorum-vote', digest });
  const request: SignRequest = { kind: 'quorum-vote', view, commitment: record.commitment, digest };
  const vote: QuorumVoteMessage = {
    kind: 'QuorumVote',
    view,
    leafCommitment: record.commitment,
    sender: ctx.self,
    signature: scope.sign(request),
  };
  const leader = leaderOf(ctx, view + 1);
  if (leader === ctx.self) scope.deliverToSelf(vote, request);
  else scope.sendTo(leader, vote, request);
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
  const request: SignRequest = { kind: 'da-vote', view, commitment: payloadCommitment, digest };
  const vote: DaVoteMessage = {
    kind: 'DaVote',
    view,
    payloadCommitment,
    sender: ctx.self,
    signature: scope.sign(request),
  };
  const leader = leaderOf(ctx, view);
  if (leader === ctx.self) scope.deliverToSelf(vote, request);
  else scope.sendTo(leader, vote, request);
}
