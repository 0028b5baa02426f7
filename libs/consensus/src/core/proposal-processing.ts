import type { Bytes32 } from '@hotshot/protocol';
import type { ProposalMessage } from '../types/messages';
import type { LeafRecord } from '../types/state';
import { withEntry, withoutEntry } from './collections';
import { addLeaf, requestLeaves } from './leaf-tree';
import { checkPayloadAgainstHeader, isTimestampAhead, L1_HEAD_BACKWARDS, leafProblem } from './leaf-validation';
import type { StepScope } from './scope';
import { castVote } from './voting';

/**
 * The second half of handling a proposal whose signature, leader and certificates already checked out: find its
 * parent (or hold it back and fetch the parent), check the leaf against the parent and the payload against the
 * header (DESIGN.md 4 step 3), add it to the tree, and vote when the voting rule allows.
 */
export function processProposal(scope: StepScope, message: ProposalMessage, commitment: Bytes32, nowMs: number): void {
  const { ctx, state: s } = scope;
  const { leaf } = message;
  const view = leaf.view;
  const parent = s.leaves.get(leaf.parentLeafCommitment);
  if (!parent) {
    // The tree holds the last decided leaf and what is above it: a parent at or below that height is either
    // decided already (so this proposal is late) or on a branch that can never be decided.
    if (leaf.header.height - 1 <= s.lastDecided.leaf.header.height) {
      scope.ignoreMessage(message, 'stale-view');
      return;
    }
    s.pending = withEntry(s.pending, view, { message, commitment });
    requestLeaves(scope, leaf.justifyQc.leafCommitment, leaf.justifyQc.view, message.sender, leaf.header.height - 1);
    return;
  }
  s.pending = withoutEntry(s.pending, view);
  const problem = leafProblem(ctx, leaf, parent);
  if (problem === L1_HEAD_BACKWARDS) {
    scope.rejectMessage(message, 'l1-head-backwards');
    return;
  }
  if (problem) {
    scope.rejectMessage(message, 'invalid-proposal', problem);
    return;
  }
  let payload = message.payload;
  if (payload) {
    const check = checkPayloadAgainstHeader(ctx, leaf, payload);
    if (!check.ok) {
      scope.rejectMessage(message, check.reason, check.detail);
      return;
    }
  } else {
    // With a DA round, committee members attach the payload they checked and voted on.
    const held = s.daPayloads.get(view);
    if (held && held.commitment === leaf.header.payloadCommitment) {
      if (held.size !== leaf.header.payloadSize) {
        scope.rejectMessage(message, 'invalid-proposal', 'payload-size');
        return;
      }
      payload = held.payload;
    }
  }
  const record: LeafRecord = { leaf, commitment, ...(payload ? { payload } : {}) };
  addLeaf(scope, record);
  maybeVote(scope, record, message, nowMs);
  drainPending(scope, nowMs);
}

/**
 * The voting rule of step 3, for a valid leaf: it is the current view, above lastActionedView, not timed out,
 * and its timestamp is not too far ahead of the local clock. Rule (a) or (b) was checked on receipt.
 */
function maybeVote(scope: StepScope, record: LeafRecord, message: ProposalMessage, nowMs: number): void {
  const { ctx, state: s } = scope;
  const view = record.leaf.view;
  if (view !== s.view || view <= s.lastActionedView || s.timedOut) return;
  if (isTimestampAhead(ctx, record.leaf, nowMs)) {
    scope.ignoreMessage(message, 'timestamp-ahead');
    return;
  }
  castVote(scope, record);
}

/** Processes held-back proposals whose parent the tree now holds, lowest view first. */
export function drainPending(scope: StepScope, nowMs: number): void {
  const s = scope.state;
  for (;;) {
    const ready = [...s.pending.values()]
      .filter((pending) => s.leaves.has(pending.message.leaf.parentLeafCommitment))
      .sort((a, b) => a.message.leaf.view - b.message.leaf.view)[0];
    if (!ready) return;
    processProposal(scope, ready.message, ready.commitment, nowMs);
  }
}
