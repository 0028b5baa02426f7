import { DecodeError, type DaCertificate, type Header, type Leaf } from '@hotshot/protocol';
import type { SignRequest } from '../types/effects';
import type { BlockBuiltInput } from '../types/inputs';
import type { ProposalMessage } from '../types/messages';
import type { LeafRecord } from '../types/state';
import { withEntry } from './collections';
import { isDaMember, leaderOf } from './context';
import { addLeaf, requestLeaves } from './leaf-tree';
import { checkPayload } from './leaf-validation';
import { commitHeader, commitLeaf, daProposalDigest, proposalSigningDigest } from './memo';
import type { StepScope } from './scope';
import { castDaVote, castVote } from './voting';

/**
 * As leader(v), asks the shell for a block once the node may propose (DESIGN.md 4 step 1): it has not acted in
 * v, and it holds either a QC for v - 1 or a TC for v - 1 with a highQc at least every highQc view in it (so its
 * proposal meets rule 3 (a) or (b)), and the leaf that highQc certifies.
 */
export function tryPropose(scope: StepScope): void {
  const { ctx, state: s } = scope;
  const view = s.view;
  if (!s.started || leaderOf(ctx, view) !== ctx.self) return;
  if (s.lastActionedView >= view || s.timedOut || s.build?.view === view) return;
  const justifyQc = s.highQc;
  let timeoutCertificate;
  if (justifyQc.view !== view - 1) {
    timeoutCertificate = s.highTc;
    if (!timeoutCertificate || timeoutCertificate.view !== view - 1) return;
    if (justifyQc.view < Math.max(...timeoutCertificate.highQcViews)) return;
  }
  const parent = s.leaves.get(justifyQc.leafCommitment);
  if (!parent) {
    requestLeaves(scope, justifyQc.leafCommitment, justifyQc.view);
    return;
  }
  s.build = { view, parent, justifyQc, ...(timeoutCertificate ? { timeoutCertificate } : {}) };
  scope.emit({ kind: 'BuildBlock', view, parent: parent.leaf, parentLeafCommitment: parent.commitment });
}

/**
 * Turns the shell's block into this view's proposal: the header on the parent (timestamp and l1Head raised to
 * the parent's if the local clock or L1 view is behind), then with a DA round the payload to the committee, else
 * the proposal.
 * The view is persisted as actioned before anything leaves, so a restarted leader never proposes twice.
 */
export function completeBlock(scope: StepScope, input: BlockBuiltInput): void {
  const { ctx, state: s } = scope;
  const build = s.build;
  const view = input.view;
  if (
    !build ||
    build.view !== view ||
    build.built ||
    s.view !== view ||
    s.timedOut ||
    s.lastActionedView >= view ||
    input.parentLeafCommitment !== build.parent.commitment
  ) {
    scope.ignore('BlockBuilt', ctx.self, view, 'stale-view');
    return;
  }
  const checked = checkPayload(ctx, input.payload);
  if (checked instanceof DecodeError) {
    scope.ignore('BlockBuilt', ctx.self, view, 'invalid-local-block');
    return;
  }
  const parent = build.parent.leaf;
  const header: Header = {
    chainId: ctx.config.chainId,
    height: parent.header.height + 1,
    timestamp: Math.max(input.timestamp, parent.header.timestamp),
    // Never below the parent's: replicas reject an l1Head that goes backwards, and a shell with no L1 view (or
    // one behind the parent's leader) passes 0 or less than the parent names.
    l1Head: Math.max(input.l1Head, parent.header.l1Head),
    parentCommitment: commitHeader(parent.header),
    payloadCommitment: checked.commitment,
    payloadSize: checked.size,
  };
  const leaf: Leaf = { view, header, parentLeafCommitment: build.parent.commitment, justifyQc: build.justifyQc };
  const record: LeafRecord = { leaf, commitment: commitLeaf(leaf), payload: input.payload };
  s.lastActionedView = view;
  s.proposals = withEntry(s.proposals, view, record.commitment);
  scope.recordAction({ view, kind: 'proposal', digest: proposalRequest(scope, record).digest });
  if (!ctx.separateDa) {
    sendProposal(scope, record, { payload: input.payload });
    return;
  }
  s.build = { ...build, built: record };
  const request: SignRequest = {
    kind: 'da-proposal',
    view,
    commitment: checked.commitment,
    digest: daProposalDigest(ctx.config.chainId, view, checked.commitment),
  };
  scope.broadcast(
    { kind: 'DaProposal', view, payload: input.payload, sender: ctx.self, signature: scope.sign(request) },
    'da-committee',
    request,
  );
  if (isDaMember(ctx, ctx.self)) castDaVote(scope, view, checked.commitment, input.payload, checked.size);
}

/**
 * Broadcasts the signed proposal (step 2) with the payload or the DA certificate and the TC that justified the
 * view, then takes the leaf in and votes for it like any replica.
 */
export function sendProposal(
  scope: StepScope,
  record: LeafRecord,
  carried: { readonly payload: NonNullable<ProposalMessage['payload']> } | { readonly daCertificate: DaCertificate },
): void {
  const { ctx, state: s } = scope;
  const view = record.leaf.view;
  const timeoutCertificate = s.build?.view === view ? s.build.timeoutCertificate : undefined;
  const request = proposalRequest(scope, record);
  const message: ProposalMessage = {
    kind: 'Proposal',
    leaf: record.leaf,
    ...carried,
    ...(timeoutCertificate ? { timeoutCertificate } : {}),
    sender: ctx.self,
    signature: scope.sign(request),
  };
  s.build = undefined;
  scope.broadcast(message, 'all', request);
  addLeaf(scope, record);
  castVote(scope, record);
}

/** What leader(view) signs over its proposal of `record`. */
function proposalRequest(scope: StepScope, record: LeafRecord): SignRequest {
  const view = record.leaf.view;
  const digest = proposalSigningDigest(scope.ctx.config.chainId, view, record.commitment);
  return { kind: 'proposal', view, commitment: record.commitment, digest };
}
