import type { Bytes32 } from '@hotshot/protocol';
import type { LeavesFetchedInput } from '../../types/inputs';
import type { LeafRecord, StoredLeaf } from '../../types/state';
import { verifyQc } from '../certificates';
import { addLeaf } from '../leaf-tree';
import { checkPayloadAgainstHeader, leafProblem } from '../leaf-validation';
import { commitLeaf } from '../memo';
import { drainPending } from '../proposal-processing';
import { tryPropose } from '../proposing';
import type { StepScope } from '../scope';
import { learnQc } from '../view-change';

/**
 * Leaves fetched from a peer arrived (catch-up). A fetched leaf is taken only when a QC this node verified
 * certifies it: first one the node holds (highQc, a held-back proposal's, a cached one), then each accepted
 * leaf's own justifyQc certifies its parent, down the chain. Each is checked against its parent like a proposal
 * (DESIGN.md 4 step 3, without the clock rule: a certified leaf was voted for by honest nodes at its time).
 */
export function onLeavesFetched(scope: StepScope, input: LeavesFetchedInput): void {
  const { ctx, state: s } = scope;
  const from = input.from ?? -1;
  if (!s.started) return scope.ignore('Leaves', from, 0, 'not-started');
  const certified = certifiedCommitments(scope);
  const byHeight = [...input.leaves].sort((a, b) => b.leaf.header.height - a.leaf.header.height);
  const accepted: StoredLeaf[] = [];
  let invalid: string | undefined;
  for (const stored of byHeight) {
    const commitment = commitLeaf(stored.leaf);
    if (s.leaves.has(commitment) || !certified.has(commitment)) continue;
    const qc = stored.leaf.justifyQc;
    if (
      qc.leafCommitment !== stored.leaf.parentLeafCommitment ||
      !(qc.view < stored.leaf.view) ||
      !verifyQc(scope, qc)
    ) {
      invalid = 'justify-qc';
      continue;
    }
    certified.add(qc.leafCommitment);
    accepted.push(stored);
  }
  let added = 0;
  for (const stored of accepted.reverse()) {
    const parent = s.leaves.get(stored.leaf.parentLeafCommitment);
    if (!parent) continue;
    const problem = leafProblem(ctx, stored.leaf, parent);
    if (problem) {
      invalid = problem;
      continue;
    }
    // A payload that does not match is dropped, not the leaf: the leaf is certified, the payload can be refetched.
    const payloadOk = stored.payload && checkPayloadAgainstHeader(ctx, stored.leaf, stored.payload).ok;
    const record: LeafRecord = {
      leaf: stored.leaf,
      commitment: commitLeaf(stored.leaf),
      ...(payloadOk ? { payload: stored.payload } : {}),
    };
    addLeaf(scope, record);
    learnQc(scope, stored.leaf.justifyQc, { forward: false });
    added++;
  }
  if (invalid) scope.reject('Leaves', from, 0, 'invalid-leaves', invalid);
  else if (added === 0) scope.ignore('Leaves', from, 0, 'duplicate');
  drainPending(scope, input.nowMs);
  tryPropose(scope);
}

/** Leaf commitments certified by a QC this node holds and verified. */
function certifiedCommitments(scope: StepScope): Set<Bytes32> {
  const s = scope.state;
  const certified = new Set<Bytes32>([s.highQc.leafCommitment]);
  for (const pending of s.pending.values()) certified.add(pending.message.leaf.justifyQc.leafCommitment);
  for (const key of s.verified.keys()) {
    if (key.startsWith('q:')) certified.add(key.slice(key.lastIndexOf(':') + 1) as Bytes32);
  }
  return certified;
}
