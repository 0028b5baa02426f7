import type { VoteReceivedInput } from '../../types/inputs';
import { isViewNumber } from '../certificates';
import { isMember, leaderOf } from '../context';
import type { StepScope } from '../scope';
import { countQuorumVote } from '../vote-counting';

/**
 * A quorum vote arrived (DESIGN.md 4 step 4). Only leader(v + 1) counts votes for v, only while they can still
 * make a new QC: not for views already certified, not far beyond the node's own view (a spam bound).
 */
export function onVoteReceived(scope: StepScope, input: VoteReceivedInput): void {
  const { ctx, state: s } = scope;
  const vote = input.message;
  const view = vote.view;
  if (!isMember(ctx, vote.sender)) return scope.rejectMessage(vote, 'unknown-sender');
  if (!s.started) return scope.ignoreMessage(vote, 'not-started');
  if (!isViewNumber(view) || view < 1) return scope.ignoreMessage(vote, 'stale-view');
  if (leaderOf(ctx, view + 1) !== ctx.self) return scope.ignoreMessage(vote, 'not-for-me');
  if (view <= s.highQc.view) return scope.ignoreMessage(vote, 'already-certified');
  if (view < s.view - 1) return scope.ignoreMessage(vote, 'stale-view');
  if (view > s.view + ctx.futureViewWindow) return scope.ignoreMessage(vote, 'too-far-ahead');
  const { outcome } = countQuorumVote(scope, vote, false);
  if (outcome === 'duplicate') scope.ignoreMessage(vote, 'duplicate');
  else if (outcome === 'certified') scope.ignoreMessage(vote, 'already-certified');
  else if (outcome === 'invalid-signature') scope.rejectMessage(vote, 'invalid-signature');
  else if (outcome === 'equivocation') scope.rejectMessage(vote, 'equivocation');
}
