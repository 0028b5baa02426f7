import type { RestoredInput } from '../../types/inputs';
import type { LeafRecord, PersistedConsensusState } from '../../types/state';
import { leafProblem } from '../leaf-validation';
import { commitLeaf } from '../memo';
import type { StepScope } from '../scope';
import { initialState } from '../state';
import { enterView } from '../view-change';

/**
 * The node restarted with its persisted state (DESIGN.md 4 step 7). Everything in memory is rebuilt from it. The
 * node re-enters view max(lastActionedView, highQc.view + 1, highTc.view + 1): it never votes or proposes at or below
 * lastActionedView, but in that view it may still time out, re-sending the very timeout it sent before the crash
 * if it sent one. Without that, nodes restarted into different views can each wait forever for the timeout the
 * other will never send again (found by the simulator); a timeout after a vote in the same view is safe, and a
 * re-sent one signs the same digest.
 */
export function onRestored(scope: StepScope, input: RestoredInput): void {
  restore(scope, input.persisted);
}

/** Rebuilds the in-memory state from a persisted one and enters the view it allows. */
export function restore(scope: StepScope, persisted: PersistedConsensusState): void {
  const { ctx } = scope;
  Object.assign(scope.state, initialState(ctx));
  const s = scope.state;
  const decided: LeafRecord = { ...persisted.lastDecided, commitment: commitLeaf(persisted.lastDecided.leaf) };
  const leaves = new Map([[decided.commitment, decided]]);
  const undecided = [...persisted.undecided].sort((a, b) => a.leaf.header.height - b.leaf.header.height);
  for (const stored of undecided) {
    const parent = leaves.get(stored.leaf.parentLeafCommitment);
    // The node's own disk, but the tree's invariant (every leaf's parent is in it) must hold whatever is there.
    if (!parent || leafProblem(ctx, stored.leaf, parent)) continue;
    const record: LeafRecord = { ...stored, commitment: commitLeaf(stored.leaf) };
    leaves.set(record.commitment, record);
  }
  s.lastDecided = decided;
  s.leaves = leaves;
  s.lastActionedView = persisted.lastActionedView;
  s.lastDaVotedView = persisted.lastDaVotedView;
  s.highQc = persisted.highQc;
  if (persisted.highTc) s.highTc = persisted.highTc;
  s.started = true;
  const view = Math.max(persisted.lastActionedView, persisted.highQc.view + 1, (persisted.highTc?.view ?? 0) + 1, 1);
  enterView(scope, view, 'start');
  if (persisted.timeout?.view === view) {
    s.timedOut = true;
    s.ownTimeout = persisted.timeout;
  }
}
