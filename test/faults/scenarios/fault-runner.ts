import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultNetwork } from '../support/fault-network';
import {
  kill9AllNodes,
  kill9Broker,
  kill9Node,
  kill9TwoNodes,
  sigtermBroker,
  sigtermNode,
  wipeNode,
} from './crash-faults';
import type { FaultContext, FaultInjector, FaultKind, FaultRecord } from './fault-types';
import { byzantineEquivocation, frameFuzz, httpFuzz, invalidSignatures, replay } from './hostile-faults';
import { memberFlood, oversizedBodies, strangerFlood, unsignedL2 } from './hardening-faults';
import { kill9Adaptor, kill9Poster } from './l1-faults';
import { delayNodes, partitionNode, partitionTwoNodes, stallNode } from './network-faults';
import { fullDisk } from './storage-faults';

/** The injector of each fault kind. */
export const INJECTORS: Record<FaultKind, FaultInjector> = {
  'kill9-node': kill9Node,
  'kill9-two-nodes': kill9TwoNodes,
  'sigterm-node': sigtermNode,
  'kill9-all-nodes': kill9AllNodes,
  'wipe-node': wipeNode,
  'kill9-broker': kill9Broker,
  'sigterm-broker': sigtermBroker,
  'partition-node': partitionNode,
  'partition-two-nodes': partitionTwoNodes,
  'stall-node': stallNode,
  'delay-nodes': delayNodes,
  'byzantine-equivocation': byzantineEquivocation,
  'invalid-signatures': invalidSignatures,
  replay,
  'frame-fuzz': frameFuzz,
  'http-fuzz': httpFuzz,
  'stranger-flood': strangerFlood,
  'member-flood': memberFlood,
  'oversized-bodies': oversizedBodies,
  'unsigned-l2': unsignedL2,
  'full-disk': fullDisk,
  'kill9-poster': kill9Poster,
  'kill9-adaptor': kill9Adaptor,
};

function maxHeight(heights: readonly (number | undefined)[]): number {
  return Math.max(0, ...heights.filter((h): h is number => h !== undefined));
}

/**
 * Waits until every running node has decided past the highest height seen now: the network decides again and
 * everyone who is up caught up. Returns the time that took from `sinceMs`, or undefined at the deadline.
 */
export async function awaitRecovery(
  net: FaultNetwork,
  sinceMs: number,
  deadlineMs: number,
): Promise<number | undefined> {
  const target = maxHeight(await net.heights()) + 1;
  const deadline = sinceMs + deadlineMs;
  for (;;) {
    const heights = await net.heights();
    const up = net.upNodes();
    if (up.length === net.size && up.every((i) => (heights[i] ?? 0) >= target)) return Date.now() - sinceMs;
    if (Date.now() > deadline) return undefined;
    await sleep(200);
  }
}

/** Polls `condition` until it holds (returns the time since `sinceMs`) or the deadline passes (undefined). */
async function awaitCondition(condition: () => Promise<boolean>, sinceMs: number, deadlineMs: number) {
  for (;;) {
    if (await condition().catch(() => false)) return Date.now() - sinceMs;
    if (Date.now() > sinceMs + deadlineMs) return undefined;
    await sleep(250);
  }
}

/**
 * One fault from start to end: inject it, hold it, check the network kept deciding when a quorum was left,
 * heal it, time the recovery, then run the fault's own checks.
 */
export async function runFault(kind: FaultKind, ctx: FaultContext): Promise<FaultRecord> {
  const startedAtMs = Date.now();
  const heightBefore = maxHeight(await ctx.net.heights());
  ctx.log('fault injected', { kind });
  const injected = await INJECTORS[kind](ctx);
  ctx.log('fault holding', { kind, target: injected.target, holdMs: injected.holdMs });
  await sleep(injected.holdMs);
  let heightAtHeal = maxHeight(await ctx.net.heights());
  // A crashed or cut-off leader costs a view timeout (growing on consecutive failures) before anything decides,
  // so a short hold may legitimately see no block: hold on until one is decided or the progress window ends.
  while (
    injected.progressExpected &&
    heightAtHeal <= heightBefore &&
    Date.now() - startedAtMs < ctx.scale.progressWindowMs
  ) {
    await sleep(250);
    heightAtHeal = maxHeight(await ctx.net.heights());
  }
  const violations: string[] = [];
  const decidedDuringFault = Math.max(0, heightAtHeal - heightBefore);
  if (injected.progressExpected && decidedDuringFault === 0) {
    violations.push(
      `no block decided within ${ctx.scale.progressWindowMs} ms of ${kind} (${injected.target}) although a quorum stayed up`,
    );
  }
  await injected.heal();
  const healedAt = Date.now();
  let recoveryMs = await awaitRecovery(ctx.net, healedAt, ctx.scale.recoveryDeadlineMs);
  if (recoveryMs !== undefined && injected.recovered) {
    recoveryMs = await awaitCondition(injected.recovered, healedAt, ctx.scale.recoveryDeadlineMs);
  }
  if (recoveryMs === undefined) {
    const heights = await ctx.net.heights();
    violations.push(
      `not recovered within ${ctx.scale.recoveryDeadlineMs} ms after ${kind} (${injected.target}): heights ${JSON.stringify(heights)}`,
    );
  }
  const check = (await injected.verify?.()) ?? { facts: {}, violations: [] };
  violations.push(...check.violations);
  const record: FaultRecord = {
    kind,
    target: injected.target,
    startedAtMs,
    holdMs: injected.holdMs,
    decidedDuringFault,
    recoveryMs,
    facts: check.facts,
    violations,
  };
  ctx.log('fault recovered', { kind, target: injected.target, recoveryMs, decidedDuringFault, violations });
  return record;
}
