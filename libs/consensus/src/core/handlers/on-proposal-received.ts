import type { ProposalReceivedInput } from '../../types/inputs';
import { isViewNumber, verifyDaCertificate, verifyQc, verifyTc } from '../certificates';
import { withEntry } from '../collections';
import { isMember, leaderOf } from '../context';
import { commitLeaf, proposalSigningDigest } from '../memo';
import { processProposal } from '../proposal-processing';
import type { StepScope } from '../scope';
import { learnQc, learnTc } from '../view-change';

/**
 * A proposal arrived (DESIGN.md 4 steps 2-3). Checked cheapest first: sender, view, duplicate; then the leader's
 * signature, that it is leader(v), and equivocation; then its certificates and the justification rule (a) or
 * (b). Its certificates are taken in (raising highQc, moving views, deciding) before the leaf itself is checked
 * against its parent and voted for.
 */
export function onProposalReceived(scope: StepScope, input: ProposalReceivedInput): void {
  const { ctx, state: s } = scope;
  const message = input.message;
  const { leaf } = message;
  const view = leaf.view;
  if (!isMember(ctx, message.sender)) return scope.rejectMessage(message, 'unknown-sender');
  if (!s.started) return scope.ignoreMessage(message, 'not-started');
  if (!isViewNumber(view) || view < 1) return scope.rejectMessage(message, 'invalid-proposal', 'view');
  if (view <= s.lastDecided.leaf.view) return scope.ignoreMessage(message, 'stale-view');

  const commitment = commitLeaf(leaf);
  const seen = s.proposals.get(view);
  if (seen === commitment) return scope.ignoreMessage(message, 'duplicate');
  const digest = proposalSigningDigest(ctx.config.chainId, view, commitment);
  if (!ctx.crypto.verify(message.sender, digest, message.signature)) {
    return scope.rejectMessage(message, 'invalid-signature');
  }
  if (message.sender !== leaderOf(ctx, view)) return scope.rejectMessage(message, 'wrong-leader');
  if (seen !== undefined) return scope.rejectMessage(message, 'equivocation');
  s.proposals = withEntry(s.proposals, view, commitment);

  const qc = leaf.justifyQc;
  if (qc.leafCommitment !== leaf.parentLeafCommitment || !(qc.view < view)) {
    return scope.rejectMessage(message, 'invalid-proposal', 'justify-qc');
  }
  if (!verifyQc(scope, qc)) return scope.rejectMessage(message, 'invalid-certificate', 'justify-qc');
  const tc = message.timeoutCertificate;
  if (tc) {
    if (tc.view !== view - 1) return scope.rejectMessage(message, 'invalid-proposal', 'timeout-certificate-view');
    if (!verifyTc(scope, tc)) return scope.rejectMessage(message, 'invalid-certificate', 'timeout-certificate');
  }
  const da = message.daCertificate;
  if (ctx.separateDa) {
    if (!da) return scope.rejectMessage(message, 'invalid-proposal', 'missing-da-certificate');
    if (da.view !== view || da.payloadCommitment !== leaf.header.payloadCommitment) {
      return scope.rejectMessage(message, 'invalid-proposal', 'da-certificate-mismatch');
    }
    if (!verifyDaCertificate(scope, da)) return scope.rejectMessage(message, 'invalid-certificate', 'da-certificate');
  } else if (!message.payload) {
    return scope.rejectMessage(message, 'invalid-proposal', 'missing-payload');
  }
  // Rule 3: (a) the QC is for v - 1, or (b) a TC for v - 1 whose highest highQc view the QC reaches (the lock).
  const justified = qc.view === view - 1 || (tc !== undefined && qc.view >= Math.max(...tc.highQcViews));
  if (!justified) return scope.rejectMessage(message, 'unjustified-proposal');

  learnQc(scope, qc, { forward: false });
  if (tc) learnTc(scope, tc, { forward: false });
  processProposal(scope, message, commitment, input.nowMs);
}
