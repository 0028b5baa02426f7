import type { CertificateReceivedInput } from '../../types/inputs';
import { verifyQc, verifyTc } from '../certificates';
import { isMember } from '../context';
import { certificateDigest } from '../memo';
import type { StepScope } from '../scope';
import { learnQc, learnTc } from '../view-change';

/**
 * Forwarded certificates arrived (DESIGN.md 4 step 6): a QC or TC at or above this node's view moves it to the
 * next view. The certificates prove themselves; the signature is checked only to blame the sender of a bad one.
 */
export function onCertificateReceived(scope: StepScope, input: CertificateReceivedInput): void {
  const { ctx, state: s } = scope;
  const message = input.message;
  if (!isMember(ctx, message.sender)) return scope.rejectMessage(message, 'unknown-sender');
  if (!s.started) return scope.ignoreMessage(message, 'not-started');
  const tc = message.timeoutCertificate;
  if (!verifyQc(scope, message.highQc) || (tc !== undefined && !verifyTc(scope, tc))) {
    const digest = certificateDigest(
      ctx.config.chainId,
      message.highQc.view,
      message.highQc.leafCommitment,
      tc?.view ?? 0,
    );
    const genuine = ctx.crypto.verify(message.sender, digest, message.signature);
    return scope.rejectMessage(message, genuine ? 'invalid-certificate' : 'invalid-signature');
  }
  const before = { view: s.view, highQc: s.highQc.view, highTc: s.highTc?.view ?? 0 };
  learnQc(scope, message.highQc, { forward: false });
  if (tc) learnTc(scope, tc, { forward: false });
  const after = scope.state;
  if (
    after.view === before.view &&
    after.highQc.view === before.highQc &&
    (after.highTc?.view ?? 0) === before.highTc
  ) {
    scope.ignoreMessage(message, 'stale-view');
  }
}
