import { payloadCommitment, DecodeError } from '@hotshot/protocol';
import type { DaProposalReceivedInput } from '../../types/inputs';
import { isViewNumber } from '../certificates';
import { isDaMember, isMember, leaderOf } from '../context';
import { checkPayload } from '../leaf-validation';
import { daProposalDigest } from '../memo';
import type { StepScope } from '../scope';
import { castDaVote } from '../voting';

/**
 * Leader(v)'s payload for the DA committee arrived (DESIGN.md 4 step 1): a member checks the signature, the
 * leader, and the payload (structure, hashes, bounds), keeps it, and votes on its commitment once per view.
 */
export function onDaProposalReceived(scope: StepScope, input: DaProposalReceivedInput): void {
  const { ctx, state: s } = scope;
  const message = input.message;
  const view = message.view;
  if (!isMember(ctx, message.sender)) return scope.rejectMessage(message, 'unknown-sender');
  if (!s.started) return scope.ignoreMessage(message, 'not-started');
  if (!ctx.separateDa || !isDaMember(ctx, ctx.self)) return scope.ignoreMessage(message, 'not-for-me');
  if (!isViewNumber(view) || view < s.view) return scope.ignoreMessage(message, 'stale-view');
  if (view > s.view + ctx.futureViewWindow) return scope.ignoreMessage(message, 'too-far-ahead');

  let commitment;
  try {
    commitment = payloadCommitment(message.payload.namespaceTable);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return scope.rejectMessage(message, 'invalid-payload', error.shortMessage);
  }
  const held = s.daPayloads.get(view);
  if (held?.commitment === commitment) return scope.ignoreMessage(message, 'duplicate');
  if (!ctx.crypto.verify(message.sender, daProposalDigest(ctx.config.chainId, view, commitment), message.signature)) {
    return scope.rejectMessage(message, 'invalid-signature');
  }
  if (message.sender !== leaderOf(ctx, view)) return scope.rejectMessage(message, 'wrong-leader');
  if (held) return scope.rejectMessage(message, 'equivocation');
  if (view <= s.lastDaVotedView) return scope.ignoreMessage(message, 'already-acted');
  const checked = checkPayload(ctx, message.payload);
  if (checked instanceof DecodeError) return scope.rejectMessage(message, 'invalid-payload', checked.shortMessage);
  castDaVote(scope, view, checked.commitment, message.payload, checked.size);
}
