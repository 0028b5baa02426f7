import type { LeavesFetchedInput } from '../../types/inputs';
import { attachFetched, indexFetched, verifiedQcs } from '../fetched-chain';
import { tryDecide } from '../leaf-tree';
import { drainPending } from '../proposal-processing';
import { tryPropose } from '../proposing';
import type { StepScope } from '../scope';
import { learnQc } from '../view-change';
import { tryWarmStart } from '../warm-start';

/**
 * Leaves fetched from a peer arrived (catch-up, DESIGN.md 6). Chains that link by hash from a leaf a QC this node
 * verified down to its tree are attached (see fetched-chain.ts: one verified QC covers the chain). When nothing
 * attaches and a decided leaf lies far above the last decided one, the node warm-starts on it instead (see
 * warm-start.ts), then attaches what lies above it. Held-back proposals whose parent arrived are then processed.
 */
export function onLeavesFetched(scope: StepScope, input: LeavesFetchedInput): void {
  const { state: s } = scope;
  const from = input.from ?? -1;
  if (!s.started) return scope.ignore('Leaves', from, 0, 'not-started');
  const index = indexFetched(scope, input.leaves);
  const qcs = verifiedQcs(scope);
  let { added, certified, problem } = attachFetched(scope, index, qcs);
  let jumped = false;
  if (added === 0) {
    const warm = tryWarmStart(scope, index, qcs, input.decideProof);
    jumped = warm.jumped;
    problem ??= warm.problem;
    if (jumped) {
      const above = attachFetched(scope, index, qcs);
      added = above.added;
      certified = above.certified;
      problem ??= above.problem;
    }
  }
  for (const qc of certified) learnQc(scope, qc, { forward: false });
  tryDecide(scope, scope.state.highQc);
  if (problem) scope.reject('Leaves', from, 0, 'invalid-leaves', problem);
  else if (added === 0 && !jumped) scope.ignore('Leaves', from, 0, 'duplicate');
  drainPending(scope, input.nowMs);
  tryPropose(scope);
}
