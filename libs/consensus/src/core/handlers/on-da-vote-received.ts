import type { DaVoteReceivedInput } from '../../types/inputs';
import { isDaMember, isMember, leaderOf } from '../context';
import { daDigest } from '../memo';
import type { StepScope } from '../scope';
import { countDaVote } from '../vote-counting';

/**
 * A DA vote arrived (DESIGN.md 4 step 1). Leader(v) counts it while it waits for the DA certificate of the
 * payload it sent; a vote from outside the committee is a violation once its signature shows whose it is.
 */
export function onDaVoteReceived(scope: StepScope, input: DaVoteReceivedInput): void {
  const { ctx, state: s } = scope;
  const vote = input.message;
  const view = vote.view;
  if (!isMember(ctx, vote.sender)) return scope.rejectMessage(vote, 'unknown-sender');
  if (!s.started) return scope.ignoreMessage(vote, 'not-started');
  if (!ctx.separateDa || leaderOf(ctx, view) !== ctx.self) return scope.ignoreMessage(vote, 'not-for-me');
  if (!isDaMember(ctx, vote.sender)) {
    const genuine = ctx.crypto.verify(
      vote.sender,
      daDigest(ctx.config.chainId, view, vote.payloadCommitment),
      vote.signature,
    );
    return scope.rejectMessage(vote, genuine ? 'not-da-member' : 'invalid-signature');
  }
  const built = s.build?.view === view ? s.build.built : undefined;
  if (!built) return scope.ignoreMessage(vote, view < s.view ? 'stale-view' : 'not-for-me');
  if (vote.payloadCommitment !== built.leaf.header.payloadCommitment) return scope.ignoreMessage(vote, 'not-for-me');
  const { outcome } = countDaVote(scope, vote, false);
  if (outcome === 'duplicate') scope.ignoreMessage(vote, 'duplicate');
  else if (outcome === 'certified') scope.ignoreMessage(vote, 'already-certified');
  else if (outcome === 'invalid-signature') scope.rejectMessage(vote, 'invalid-signature');
  else if (outcome === 'equivocation') scope.rejectMessage(vote, 'equivocation');
}
