import type { TimeoutCertificate } from '@hotshot/protocol';
import type { TimeoutVoteMessage } from '../types/messages';
import type { CollectedTimeout, TimeoutCollector } from '../types/state';
import { rememberVerified, signersOf } from './certificates';
import { bytesEqual, withEntry, withoutEntry } from './collections';
import { stakeOf } from './context';
import { timeoutDigest } from './memo';
import type { StepScope } from './scope';
import { enterView, learnTc, timeOutView } from './view-change';

const EMPTY: TimeoutCollector = { votes: new Map(), certified: false };

/** What happened to a timeout vote offered to the collector. */
export type TimeoutAddResult = 'added' | 'duplicate' | 'invalid-signature' | 'certified';

/**
 * Counts a timeout vote whose highQc is already verified (DESIGN.md 4 step 6). Its signature is not checked
 * alone: when the view's timeouts reach a quorum of stake they are aggregated and verified once, bisecting only
 * if that fails, into a timeout certificate. Also feeds timeout amplification.
 */
export function addTimeout(scope: StepScope, message: TimeoutVoteMessage, trusted: boolean): TimeoutAddResult {
  const { ctx, state: s } = scope;
  const view = message.view;
  const collector = s.timeouts.get(view) ?? EMPTY;
  if (collector.certified) return 'certified';
  const existing = collector.votes.get(message.sender);
  let entry: CollectedTimeout = {
    highQcView: message.highQc.view,
    signature: message.signature,
    verified: trusted,
  };
  if (existing) {
    if (existing.highQcView === entry.highQcView && bytesEqual(existing.signature, entry.signature)) {
      return 'duplicate';
    }
    // Two different timeouts from one sender in one view: keep the one whose signature holds.
    if (!trusted && !verifyTimeout(scope, view, message.sender, entry)) return 'invalid-signature';
    if (existing.verified || verifyTimeout(scope, view, message.sender, existing)) return 'duplicate';
    entry = { ...entry, verified: true };
  }
  scope.state.timeouts = withEntry(s.timeouts, view, {
    votes: withEntry(collector.votes, message.sender, entry),
    certified: false,
  });
  if (message.sender !== ctx.self && view >= s.view) {
    s.latestTimeouts = withEntry(s.latestTimeouts, message.sender, { message, verified: entry.verified });
  }
  if (collectedStake(scope, view) >= ctx.quorum) formTimeoutCertificate(scope, view);
  amplifyTimeouts(scope);
  return 'added';
}

function collectedStake(scope: StepScope, view: number): bigint {
  let stake = 0n;
  for (const signer of scope.state.timeouts.get(view)?.votes.keys() ?? []) stake += stakeOf(scope.ctx, signer);
  return stake;
}

function verifyTimeout(scope: StepScope, view: number, signer: number, entry: CollectedTimeout): boolean {
  const { ctx } = scope;
  return ctx.crypto.verify(signer, timeoutDigest(ctx.config.chainId, view, entry.highQcView), entry.signature);
}

function formTimeoutCertificate(scope: StepScope, view: number): void {
  const { ctx, state: s } = scope;
  const collector = s.timeouts.get(view)!;
  const votes = [...collector.votes].map(([signer, vote]) => ({
    signer,
    signature: vote.signature,
    digest: timeoutDigest(ctx.config.chainId, view, vote.highQcView),
  }));
  const { certificate, rejected } = ctx.crypto.assembleMultiDigest(votes, ctx.quorum);
  let remaining = collector.votes;
  for (const signer of rejected) {
    remaining = withoutEntry(remaining, signer);
    s.latestTimeouts = withoutEntry(s.latestTimeouts, signer);
    scope.reject('TimeoutVote', signer, view, 'invalid-signature');
  }
  const signers = certificate && signersOf(ctx, certificate);
  if (!certificate || !signers) {
    s.timeouts = withEntry(s.timeouts, view, { votes: remaining, certified: false });
    return;
  }
  const tc: TimeoutCertificate = {
    view,
    highQcViews: signers.map((signer) => remaining.get(signer)!.highQcView),
    certificate,
  };
  s.timeouts = withEntry(s.timeouts, view, { votes: remaining, certified: true });
  rememberVerified(scope, `t:${tc.view}:${tc.highQcViews.join(',')}`, certificate);
  learnTc(scope, tc, { forward: true });
}

/**
 * Timeout amplification (after Bracha): once members holding more than a third of the stake time out a view at
 * or above this node's, at least one honest member gave up on it, so this node jumps there and times out too.
 * Without it, nodes restarted into different views would wait on each other forever. The votes that trigger a
 * jump are verified one by one first, so forged timeouts cannot drag a node ahead.
 */
function amplifyTimeouts(scope: StepScope): void {
  const { ctx, state: s } = scope;
  for (;;) {
    const target = amplificationTarget(scope);
    if (target === undefined || target < s.view || (target === s.view && s.timedOut)) return;
    let forged = false;
    for (const [sender, latest] of s.latestTimeouts) {
      if (latest.verified || latest.message.view < target) continue;
      const { message } = latest;
      const digest = timeoutDigest(ctx.config.chainId, message.view, message.highQc.view);
      if (ctx.crypto.verify(sender, digest, message.signature)) {
        s.latestTimeouts = withEntry(s.latestTimeouts, sender, { message, verified: true });
      } else {
        forged = true;
        s.latestTimeouts = withoutEntry(s.latestTimeouts, sender);
        scope.reject('TimeoutVote', sender, message.view, 'invalid-signature');
      }
    }
    if (!forged) break;
  }
  const target = amplificationTarget(scope)!;
  enterView(scope, target, 'timeouts');
  timeOutView(scope);
}

/** The highest view that members with at least oneHonest stake timed out (their latest timeouts). */
function amplificationTarget(scope: StepScope): number | undefined {
  const { ctx, state: s } = scope;
  const latest = [...s.latestTimeouts.entries()]
    .filter(([, entry]) => entry.message.view >= s.view)
    .sort(([, a], [, b]) => b.message.view - a.message.view);
  let stake = 0n;
  for (const [sender, entry] of latest) {
    stake += stakeOf(ctx, sender);
    if (stake >= ctx.oneHonest) return entry.message.view;
  }
  return undefined;
}
