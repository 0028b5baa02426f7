import type { TimeoutCertificate } from '@hotshot/protocol';
import type { TimeoutVoteMessage } from '../types/messages';
import { rememberVerified, signersOf } from './certificates';
import { withEntry, withoutEntry } from './collections';
import { stakeOf } from './context';
import { timeoutDigest } from './memo';
import type { StepScope } from './scope';
import { enterView, learnTc, timeOutView } from './view-change';
import { addVote, certifyVotes, emptyTally, type VoteTally } from './vote-tally';

/** What happened to a timeout vote offered to the collector. */
export type TimeoutAddResult = 'added' | 'duplicate' | 'invalid-signature' | 'certified';

/**
 * Counts a timeout vote whose highQc is already verified (DESIGN.md 4 step 6) in the view's tally (vote-tally.ts):
 * its signature is not checked alone; when the view's timeouts reach a quorum of stake they are aggregated and
 * verified once, bisecting only if that fails, into a timeout certificate. Also feeds timeout amplification.
 */
export function addTimeout(scope: StepScope, message: TimeoutVoteMessage, trusted: boolean): TimeoutAddResult {
  const { ctx, state: s } = scope;
  const view = message.view;
  const { tally, outcome } = addVote(
    s.timeouts.get(view) ?? emptyTally<number>(),
    { signer: message.sender, data: message.highQc.view, signature: message.signature, trusted },
    (signer, highQcView, signature) =>
      ctx.crypto.verify(signer, timeoutDigest(ctx.config.chainId, view, highQcView), signature),
  );
  // Two good timeouts from one sender with different highQc views are no fault: each is an honest "I give up".
  if (outcome === 'equivocation') return 'duplicate';
  if (outcome !== 'added') return outcome;
  s.timeouts = withEntry(s.timeouts, view, tally);
  if (message.sender !== ctx.self && view >= s.view) {
    const verified = tally.votes.get(message.sender)!.check === 'verified';
    s.latestTimeouts = withEntry(s.latestTimeouts, message.sender, { message, verified });
  }
  formTimeoutCertificate(scope, view, tally);
  amplifyTimeouts(scope);
  return 'added';
}

/** Forms the view's timeout certificate once its timeouts reach a quorum (one pairing per distinct highQc view). */
function formTimeoutCertificate(scope: StepScope, view: number, collected: VoteTally<number>): void {
  const { ctx, state: s } = scope;
  const { tally, certificate, rejected } = certifyVotes(collected, {
    counts: () => true,
    stakeOf: (signer) => stakeOf(ctx, signer),
    threshold: ctx.quorum,
    assemble: (votes, threshold) =>
      ctx.crypto.assembleMultiDigest(
        votes.map(({ signer, data, signature }) => ({
          signer,
          signature,
          digest: timeoutDigest(ctx.config.chainId, view, data),
        })),
        threshold,
      ),
  });
  for (const signer of rejected) {
    s.latestTimeouts = withoutEntry(s.latestTimeouts, signer);
    scope.reject('TimeoutVote', signer, view, 'invalid-signature');
  }
  const signers = certificate && signersOf(ctx, certificate);
  if (!certificate || !signers) {
    s.timeouts = withEntry(s.timeouts, view, { votes: tally.votes, certified: false });
    return;
  }
  const tc: TimeoutCertificate = {
    view,
    highQcViews: signers.map((signer) => tally.votes.get(signer)!.data),
    certificate,
  };
  s.timeouts = withEntry(s.timeouts, view, tally);
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
