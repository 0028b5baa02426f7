import type { QuorumCertificate, TimeoutCertificate } from '@hotshot/protocol';
import type { SignRequest } from '../types/effects';
import type { CertificateMessage, TimeoutVoteMessage } from '../types/messages';
import { filterEntries } from './collections';
import { leaderOf, viewTimeoutFor } from './context';
import { tryDecide } from './leaf-tree';
import { certificateDigest, timeoutDigest } from './memo';
import { tryPropose } from './proposing';
import type { StepScope } from './scope';

/** How a node came into a view: a QC or TC for the view before, f+1 timeouts from ahead, or (re)start. */
export type ViewEntry = 'qc' | 'tc' | 'timeouts' | 'start';

/** How many views back the equivocation record and held-back proposals reach. */
const PROPOSAL_MEMORY_VIEWS = 16;

/**
 * Moves to `view` (never back): resets the per-view state, grows the timer after a failed view or resets it
 * after a QC (DESIGN.md 4 step 6), arms it, and proposes when this node leads the new view.
 */
export function enterView(scope: StepScope, view: number, entry: ViewEntry): void {
  const s = scope.state;
  if (view <= s.view) return;
  s.view = view;
  s.timedOut = false;
  s.ownTimeout = undefined;
  if (entry === 'qc') s.failures = 0;
  else if (entry !== 'start') s.failures += 1;
  if (s.build && s.build.view < view) s.build = undefined;
  // Votes for view - 1 still count here: this node may lead `view` and be gathering them.
  s.votes = filterEntries(s.votes, (v) => v >= view - 1);
  s.daVotes = filterEntries(s.daVotes, (v) => v >= view);
  s.timeouts = filterEntries(s.timeouts, (v) => v >= view);
  s.latestTimeouts = filterEntries(s.latestTimeouts, (_, latest) => latest.message.view >= view);
  s.daPayloads = filterEntries(s.daPayloads, (v) => v >= view - 2);
  s.proposals = filterEntries(s.proposals, (v) => v >= view - PROPOSAL_MEMORY_VIEWS);
  s.pending = filterEntries(s.pending, (v) => v >= view - PROPOSAL_MEMORY_VIEWS);
  s.requested = new Map();
  scope.emit({ kind: 'ScheduleTimeout', view, durationMs: viewTimeoutFor(scope.ctx, s.failures) });
  tryPropose(scope);
}

/** Where a certificate came from decides whether this node forwards it to the new leader. */
export interface LearnOptions {
  /** Forward it to leader(view + 1) when it moves this node there (the leader may not have it). */
  readonly forward: boolean;
}

/**
 * Takes in a verified QC: raises highQc (step 3), applies the commit rule (step 5), and moves to view qc.view + 1
 * when that is ahead (step 6).
 */
export function learnQc(scope: StepScope, qc: QuorumCertificate, options: LearnOptions): void {
  const s = scope.state;
  if (qc.view > s.highQc.view) {
    s.highQc = qc;
    scope.persist();
  }
  tryDecide(scope, qc);
  if (qc.view >= s.view) {
    enterView(scope, qc.view + 1, 'qc');
    if (options.forward) forwardCertificates(scope, leaderOf(scope.ctx, qc.view + 1));
  } else {
    tryPropose(scope);
  }
}

/** Takes in a verified TC: moves to view tc.view + 1 when that is ahead (step 6). */
export function learnTc(scope: StepScope, tc: TimeoutCertificate, options: LearnOptions): void {
  const s = scope.state;
  if (!s.highTc || tc.view > s.highTc.view) {
    s.highTc = tc;
    scope.persist();
  }
  if (tc.view >= s.view) {
    enterView(scope, tc.view + 1, 'tc');
    if (options.forward) forwardCertificates(scope, leaderOf(scope.ctx, tc.view + 1));
  } else {
    tryPropose(scope);
  }
}

/**
 * Sends `to` this node's highQc and its highest TC, when that TC is newer than the QC: together they move a node
 * into this node's view (step 6, "forwards the certificate to the new leader"; also answers lagging nodes).
 */
export function forwardCertificates(scope: StepScope, to: number): void {
  const { ctx, state: s } = scope;
  if (to === ctx.self) return;
  const tc = s.highTc && s.highTc.view > s.highQc.view ? s.highTc : undefined;
  const timeoutView = tc?.view ?? 0;
  const request: SignRequest = {
    kind: 'certificate',
    view: tc?.view ?? s.highQc.view,
    highQcView: s.highQc.view,
    commitment: s.highQc.leafCommitment,
    timeoutView,
    digest: certificateDigest(ctx.config.chainId, s.highQc.view, s.highQc.leafCommitment, timeoutView),
  };
  const message: CertificateMessage = {
    kind: 'Certificate',
    highQc: s.highQc,
    ...(tc ? { timeoutCertificate: tc } : {}),
    sender: ctx.self,
    signature: scope.sign(request),
  };
  scope.sendTo(to, message, request);
}

/**
 * Times out the current view (step 6): stop voting in it, persist that, and broadcast a timeout carrying highQc.
 * A node that already timed out re-sends the same vote, so lost timeouts heal and the signed digest never
 * changes within a view.
 */
export function timeOutView(scope: StepScope): void {
  const { ctx, state: s } = scope;
  if (s.timedOut && s.ownTimeout) {
    // With deferred signing the kept vote is unsigned: the shell signs the same digest again (a signer answers a
    // repeated request with its earlier signature).
    const again = timeoutRequest(scope, s.ownTimeout.view, s.ownTimeout.highQc.view);
    // A vote kept unsigned by a deferred-signing run is signed now when this run signs in step.
    const kept = s.ownTimeout.signature.length > 0 ? s.ownTimeout : { ...s.ownTimeout, signature: scope.sign(again) };
    scope.broadcast(kept, 'all', again);
    // After a restart the collector is empty: the node's own vote counts again.
    scope.deliverToSelf(kept, again);
    return;
  }
  const view = s.view;
  s.timedOut = true;
  s.build = undefined;
  if (view > s.lastActionedView) s.lastActionedView = view;
  const request = timeoutRequest(scope, view, s.highQc.view);
  scope.recordAction({ view, kind: 'timeout-vote', digest: request.digest });
  const message: TimeoutVoteMessage = {
    kind: 'TimeoutVote',
    view,
    highQc: s.highQc,
    sender: ctx.self,
    signature: scope.sign(request),
  };
  s.ownTimeout = message;
  scope.broadcast(message, 'all', request);
  scope.deliverToSelf(message, request);
}

/** What a timeout of `view` holding a QC of `highQcView` asks to sign. */
function timeoutRequest(scope: StepScope, view: number, highQcView: number): SignRequest {
  return { kind: 'timeout-vote', view, highQcView, digest: timeoutDigest(scope.ctx.config.chainId, view, highQcView) };
}
