import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Prng } from '@hotshot/consensus/testing';
import { awaitRecovery, runFault } from '../scenarios/fault-runner';
import {
  FAULT_KINDS,
  L1_FAULTS,
  TMPFS_FAULTS,
  type FaultContext,
  type FaultKind,
  type FaultRecord,
  type FaultScale,
} from '../scenarios/fault-types';
import { ChainAuditor } from '../support/chain-auditor';
import { ChainLedger, type ForkRecord } from '../support/chain-ledger';
import { FaultNetwork, REPO_ROOT } from '../support/fault-network';
import { L1Stack, type L1StackOptions } from '../support/l1-stack';
import { cannotMountTmpfs, unmountAllTmpfs } from '../support/tmpfs';
import { TxLoad } from '../support/tx-load';
import { buildReport, type FaultReport } from './fault-report';

/** The hostile member's entry point, run from source with tsx. */
const HOSTILE_ENTRY = path.join(REPO_ROOT, 'test', 'faults', 'hostile', 'hostile-node.ts');

/** Options of a fault session. */
export interface SessionOptions {
  /** Length of the randomized part, in minutes (ignored when `plan` is given). */
  readonly minutes: number;
  readonly seed: number;
  readonly nodes: number;
  readonly viewTimeoutMs: number;
  readonly scale: FaultScale;
  /** A fixed sequence of faults instead of a randomized schedule. */
  readonly plan?: readonly FaultKind[];
  /** Kinds a randomized schedule picks from (every kind by default). */
  readonly kinds?: readonly FaultKind[];
  /** The L1 side (anvil, contracts, poster, adaptor); none when absent. */
  readonly l1?: L1StackOptions;
  /** Transactions submitted per second during the session. */
  readonly loadRate: number;
  /**
   * The broker's send budget per member, in bytes per second (burst 8 MiB, cut after 2 s over it); undefined runs
   * the cdn-server defaults (32 MiB/s, 16 MiB, 5 s). See {@link SCALED_SEND_BUDGET}.
   */
  readonly sendBudgetBytesPerSecond?: number;
  /** Keep the run folder (process logs, data) even when no invariant broke. */
  readonly keepLogs: boolean;
  /** Progress lines (JSON), e.g. to stderr. */
  readonly progress: (line: string) => void;
}

/**
 * The send budget the sessions give the broker by default: the production one scaled down 8 times, as the member
 * flood e2e test does. At the production 32 MiB/s a flooder on this shared machine stays within budget (it reached
 * 12 and 29 MiB/s) while the four honest nodes, loaded, read less than that: the broker then drops them as slow
 * consumers before it cuts the flooder (README, recorded sessions). Scaled, the flooder outpaces the budget as a
 * flooder on a real network outpaces 32 MiB/s, and honest traffic (at most a few MB per view here) stays far below.
 */
export const SCALED_SEND_BUDGET = 4 * 1024 * 1024;

/** Scale of the long CLI session. */
export const LONG_SCALE: FaultScale = {
  holdMs: [2000, 8000],
  hostileHoldMs: 20_000,
  fuzzFrames: 100_000,
  fuzzConnections: 2000,
  httpRequests: 2000,
  progressWindowMs: 30_000,
  recoveryDeadlineMs: 90_000,
};

/** Scale of the bounded Jest runs. */
export const SHORT_SCALE: FaultScale = {
  holdMs: [1500, 3000],
  hostileHoldMs: 6000,
  fuzzFrames: 5000,
  fuzzConnections: 200,
  httpRequests: 300,
  progressWindowMs: 20_000,
  recoveryDeadlineMs: 60_000,
};

/**
 * The L1 side as the fault runs use it: phase I batches, the poster on node 0, the adaptor on node 1, and a phase I
 * zkevm-node deriving the rollup from L1 (the unsigned-l2 fault attacks its JSON-RPC).
 */
export const DEFAULT_L1: L1StackOptions = {
  mode: 'basic',
  namespace: 1,
  posterNode: 0,
  adaptorNode: 1,
  l1BlockTime: 1,
  rollupNode: true,
};

/**
 * The kinds a session can run here and why the others cannot: L1 faults need the L1 side (unsigned-l2 its rollup
 * node), full-disk a tmpfs (root).
 */
export function runnableKinds(
  kinds: readonly FaultKind[],
  l1: L1StackOptions | undefined,
): { runnable: FaultKind[]; left: Partial<Record<FaultKind, string>> } {
  const left: Partial<Record<FaultKind, string>> = {};
  const tmpfs = kinds.some((kind) => TMPFS_FAULTS.includes(kind)) ? cannotMountTmpfs() : undefined;
  for (const kind of kinds) {
    if (L1_FAULTS.includes(kind) && !l1) left[kind] = 'the run has no L1 side';
    else if (kind === 'unsigned-l2' && !l1?.rollupNode) left[kind] = 'the run has no rollup node';
    else if (TMPFS_FAULTS.includes(kind) && tmpfs !== undefined) left[kind] = `cannot mount a tmpfs: ${tmpfs}`;
  }
  return { runnable: kinds.filter((kind) => left[kind] === undefined), left };
}

const ACK_DRAIN_MS = 60_000;
/** How far L1 may trail the network at the end (heights), once the poster and adaptor had a minute to catch up. */
const L1_LAG = 10;

/**
 * A whole fault session on a fresh network: the load and the chain audit run throughout, faults follow one another
 * (every kind once in random order, then random picks until time is up, or the fixed plan), and at the end every
 * node must catch up and every acknowledged transaction be decided exactly once. Returns the report; the run
 * folder is removed unless something broke or `keepLogs`.
 */
export async function runFaultSession(options: SessionOptions): Promise<FaultReport> {
  const startedAtMs = Date.now();
  const rng = new Prng(options.seed);
  const progress = (event: string, fields: Record<string, unknown> = {}) =>
    options.progress(JSON.stringify({ t: Math.round((Date.now() - startedAtMs) / 1000), event, ...fields }));
  const ledger = new ChainLedger();
  const forks: ForkRecord[] = [];
  const net = new FaultNetwork({
    nodes: options.nodes,
    viewTimeoutMs: options.viewTimeoutMs,
    ...(options.sendBudgetBytesPerSecond === undefined
      ? {}
      : {
          brokerArgs: [
            '--send-budget-bytes-per-second',
            String(options.sendBudgetBytesPerSecond),
            '--send-budget-burst-bytes',
            String(8 * 1024 * 1024),
            '--send-budget-cut-after-ms',
            '2000',
          ],
        }),
    onNodeStopped: (index, atMs) => ledger.nodeStopped(index, atMs),
  });
  const auditor = new ChainAuditor(net, ledger, (fork) => {
    forks.push(fork);
    progress('FORK', { ...fork });
  });
  const load = new TxLoad(net, ledger, rng, `faults-${options.seed}-${startedAtMs}`, {
    ratePerSecond: options.loadRate,
    namespaces: [1, 2, 3],
    payloadBytes: 48,
  });
  const faults: FaultRecord[] = [];
  let faultsLeftOut: Partial<Record<FaultKind, string>> | undefined;
  const finalViolations: string[] = [];
  const l1Violations: string[] = [];
  let hostileCount = 0;
  let l1: L1Stack | undefined;
  const ctx: FaultContext = {
    net,
    rng,
    scale: options.scale,
    auditor,
    get l1() {
      return l1;
    },
    spawnHostile: (mode, keyIndex) => {
      const hostile = net.auxiliary(`hostile-${mode}-${hostileCount++}`, [
        '--import',
        'tsx',
        HOSTILE_ENTRY,
        '--cdn-url',
        `tcp://127.0.0.1:${net.proxies[keyIndex]!.port}`,
        '--key-seed',
        net.keySeed,
        '--key-index',
        String(keyIndex),
        '--mode',
        mode,
      ]);
      hostile.start();
      return hostile;
    },
    log: progress,
  };

  try {
    progress('starting network', {
      dir: net.dir,
      nodes: options.nodes,
      seed: options.seed,
      sendBudgetBytesPerSecond: options.sendBudgetBytesPerSecond ?? 'cdn-server default',
    });
    await net.start();
    await net.waitForHeight(2, [...Array(options.nodes).keys()], 120_000);
    if (options.l1) {
      l1 = await L1Stack.start(net, options.l1);
      progress('L1 side running', { hotShot: l1.deployment.hotShot, rollup: l1.deployment.rollup });
    }
    auditor.start(1000);
    load.start();
    const startHeight = Math.max(...(await net.heights()).map((h) => h ?? 0));
    progress('network deciding', { height: startHeight });

    const deadline = startedAtMs + options.minutes * 60_000;
    const { runnable: kinds, left } = runnableKinds(options.plan ?? options.kinds ?? FAULT_KINDS, options.l1);
    faultsLeftOut = left;
    if (Object.keys(left).length > 0) progress('fault kinds left out', left);
    const queue = options.plan ? [...kinds] : rng.shuffle(kinds);
    while (options.plan ? queue.length > 0 : Date.now() < deadline) {
      const kind = queue.shift() ?? rng.pick(kinds);
      faults.push(await runFault(kind, ctx));
      await restartStragglers(net, progress);
      await sleep(options.plan ? 1000 : rng.int(1000, 3000));
    }

    progress('faults done; draining', { faults: faults.length });
    await load.stop();
    await restartStragglers(net, progress);
    const settled = await awaitRecovery(net, Date.now(), options.scale.recoveryDeadlineMs);
    if (settled === undefined)
      finalViolations.push(`nodes did not catch up at the end: ${JSON.stringify(await net.heights())}`);
    await waitForAcknowledged(ledger, auditor);
    let l1Facts: Record<string, unknown> | undefined;
    if (l1) {
      // Audited while the chain audit still runs, so L1's commitments are compared with what the nodes decided.
      const side = l1;
      // Until both L1 heights are near the network's, or one that is behind stopped moving for 15 s (stuck: the
      // audit reports it).
      const moved = { hotShot: { height: -1, at: Date.now() }, rollup: { height: -1, at: Date.now() } };
      const caughtUp = async () => {
        const network = Math.max(...(await net.heights()).map((h) => h ?? 0)) - 1;
        const heights = await side.heights();
        let done = true;
        for (const key of ['hotShot', 'rollup'] as const) {
          if (heights[key] !== moved[key].height) moved[key] = { height: heights[key], at: Date.now() };
          const behind = heights[key] < network - L1_LAG;
          if (behind && Date.now() - moved[key].at < 15_000) done = false;
        }
        return done;
      };
      await waitFor(caughtUp, 90_000);
      await auditor.poll();
      const networkHeight = Math.max(...(await net.heights()).map((h) => h ?? 0)) - 1;
      const audit = await side.audit(ledger, networkHeight, L1_LAG);
      l1Violations.push(...audit.violations);
      l1Facts = audit.facts;
      progress('L1 audited', audit.facts);
    }
    await auditor.stop();
    const unread = await auditor.drain(30_000);
    if (unread.length > 0) {
      finalViolations.push(
        `decided blocks whose payload no running node serves: heights ${unread.slice(0, 20).join(',')}`,
      );
    }
    for (const finding of auditor.malformedAnswers) finalViolations.push(`an API answer broke its schema: ${finding}`);
    const endHeight = Math.max(...(await net.heights()).map((h) => h ?? 0));
    const outcome = {
      seed: options.seed,
      minutes: options.minutes,
      nodes: options.nodes,
      startedAtMs,
      endedAtMs: Date.now(),
      startHeight,
      endHeight,
      faults,
      faultsLeftOut: faultsLeftOut ?? {},
      accounting: ledger.accounting(),
      load: load.stats,
      forks,
      crashes: net.unexpectedExits,
      finalViolations,
      l1Violations,
      unreadHeights: unread,
      regressions: auditor.regressions,
      logs: net.dir,
      l1: l1Facts,
    };
    const report = buildReport(outcome);
    await l1?.stop();
    await net.stop(options.keepLogs || report.violations.length > 0);
    return report;
  } catch (error) {
    await load.stop().catch(() => undefined);
    await auditor.stop().catch(() => undefined);
    await l1?.stop().catch(() => undefined);
    await net.stop(true);
    unmountAllTmpfs();
    throw error;
  }
}

/** Polls `condition` every second until it holds or `timeoutMs` passes. */
async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition().catch(() => false)) return true;
    await sleep(1000);
  }
  return false;
}

/** Starts any node or broker that is down after a fault (it crashed on its own: the crash is already recorded). */
async function restartStragglers(net: FaultNetwork, progress: (event: string, f?: Record<string, unknown>) => void) {
  if (!net.brokerRunning) {
    progress('restarting the broker after an unexpected exit');
    net.startBroker();
  }
  for (let i = 0; i < net.size; i++) {
    if (!net.isUp(i)) {
      progress('restarting a node after an unexpected exit', { node: i });
      net.startNode(i);
    }
  }
}

/**
 * Waits until every acknowledged transaction is decided, except those whose acknowledging node stopped (they may
 * still arrive through a leader they were forwarded to, so the wait goes on until that set stops shrinking).
 */
async function waitForAcknowledged(ledger: ChainLedger, auditor: ChainAuditor): Promise<void> {
  const deadline = Date.now() + ACK_DRAIN_MS;
  let undecided = Number.POSITIVE_INFINITY;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    await auditor.poll();
    const accounting = ledger.accounting();
    const remaining = accounting.lost.length + accounting.lostWithStoppedAcker.length;
    if (remaining < undecided) {
      undecided = remaining;
      stableSince = Date.now();
    }
    if (remaining === 0 || (accounting.lost.length === 0 && Date.now() - stableSince > 10_000)) return;
    await sleep(1000);
  }
}
