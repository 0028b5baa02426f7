import type { TimeoutElapsedInput } from '../../types/inputs';
import { viewTimeoutFor } from '../context';
import { requestLeaves } from '../leaf-tree';
import type { StepScope } from '../scope';
import { timeOutView } from '../view-change';

/**
 * The view timer fired (DESIGN.md 4 step 6): no QC or TC moved the node on in time, so it stops voting in the
 * view and broadcasts a timeout (or re-sends it, when it already timed out), re-arms the timer, and asks again for
 * any leaves it still lacks. A timer for a view the node has left is stale and does nothing.
 */
export function onTimeoutElapsed(scope: StepScope, input: TimeoutElapsedInput): void {
  const { ctx, state: s } = scope;
  if (!s.started || input.view !== s.view) return;
  timeOutView(scope);
  if (scope.state.view !== input.view) return;
  scope.emit({ kind: 'ScheduleTimeout', view: s.view, durationMs: viewTimeoutFor(ctx, s.failures) });
  s.requested = new Map();
  for (const pending of s.pending.values()) {
    const { leaf, sender } = pending.message;
    requestLeaves(scope, leaf.justifyQc.leafCommitment, leaf.justifyQc.view, sender, leaf.header.height - 1);
  }
}
