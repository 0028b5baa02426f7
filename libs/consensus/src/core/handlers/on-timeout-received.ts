import type { TimeoutReceivedInput } from '../../types/inputs';
import { isViewNumber, verifyQc } from '../certificates';
import { isMember } from '../context';
import { timeoutDigest } from '../memo';
import type { StepScope } from '../scope';
import { addTimeout } from '../timeout-collection';
import { forwardCertificates, learnQc } from '../view-change';

/**
 * A timeout vote arrived (DESIGN.md 4 step 6). Its highQc is verified and taken in at once (it may move this node
 * ahead or decide); the vote itself joins the view's collector, whose quorum forms a timeout certificate. A
 * sender behind this node gets the certificates that bring it up (certificate forwarding to lagging nodes).
 */
export function onTimeoutReceived(scope: StepScope, input: TimeoutReceivedInput): void {
  const { ctx, state: s } = scope;
  const message = input.message;
  const view = message.view;
  if (!isMember(ctx, message.sender)) return scope.rejectMessage(message, 'unknown-sender');
  if (!s.started) return scope.ignoreMessage(message, 'not-started');
  if (!isViewNumber(view) || view < 1) return scope.rejectMessage(message, 'invalid-certificate', 'view');
  if (message.highQc.view >= view || !verifyQc(scope, message.highQc)) {
    // A bad certificate is the sender's fault only if the vote is really theirs.
    const digest = timeoutDigest(ctx.config.chainId, view, message.highQc.view);
    const genuine = ctx.crypto.verify(message.sender, digest, message.signature);
    return scope.rejectMessage(message, genuine ? 'invalid-certificate' : 'invalid-signature', 'high-qc');
  }
  if (view < s.view) {
    if (Math.max(s.highQc.view, s.highTc?.view ?? 0) >= view) forwardCertificates(scope, message.sender);
    return scope.ignoreMessage(message, 'stale-view');
  }
  // highQc.view < view, so this never moves the node past the timeout's own view.
  learnQc(scope, message.highQc, { forward: true });
  if (view > s.view + ctx.futureViewWindow) return scope.ignoreMessage(message, 'too-far-ahead');
  const outcome = addTimeout(scope, message, false);
  if (outcome === 'duplicate') scope.ignoreMessage(message, 'duplicate');
  else if (outcome === 'certified') scope.ignoreMessage(message, 'already-certified');
  else if (outcome === 'invalid-signature') scope.rejectMessage(message, 'invalid-signature');
}
