import type { ForkRecord, TxAccounting } from '../support/chain-ledger';
import type { LoadStats } from '../support/tx-load';
import type { UnexpectedExit } from '../support/managed-process';
import type { FaultKind, FaultRecord } from '../scenarios/fault-types';

/** Recovery times of one fault kind, in ms. */
export interface RecoveryStats {
  readonly count: number;
  readonly recovered: number;
  readonly p50Ms: number | null;
  readonly maxMs: number | null;
}

/** The JSON report of a fault session (what `npm run faults` prints). */
export interface FaultReport {
  readonly seed: number;
  readonly minutes: number;
  readonly nodes: number;
  readonly durationS: number;
  readonly faultsInjected: Partial<Record<FaultKind, number>>;
  readonly faultsTotal: number;
  /** Kinds this run could not schedule, and why (no L1 side, no tmpfs). */
  readonly faultsLeftOut: Partial<Record<FaultKind, string>>;
  readonly heights: { readonly start: number; readonly end: number; readonly decided: number };
  readonly transactions: {
    readonly submitted: number;
    readonly acknowledged: number;
    readonly decided: number;
    readonly duplicated: number;
    /** Payloads the suite did not submit (fuzzers, replays) sequenced again within the duplicate horizon. */
    readonly resequenced: number;
    /** The same bytes sequenced again further apart than the duplicate horizon (reported, not a violation). */
    readonly resequencedBeyondHorizon: number;
    readonly lost: number;
    readonly lostWithStoppedAcker: number;
    readonly refused: number;
    readonly unavailable: number;
    readonly decidedUnacknowledged: number;
  };
  readonly recovery: Partial<Record<FaultKind, RecoveryStats>>;
  readonly forks: number;
  readonly crashes: number;
  /** The L1 side at the end: heights, calls, reverted transactions (absent without L1). */
  readonly l1?: Record<string, unknown>;
  readonly violations: readonly string[];
  /** Details: every fault in order, the forks, crashes, lost and duplicated transactions. */
  readonly details: {
    readonly faults: readonly Omit<FaultRecord, 'startedAtMs'>[];
    readonly forks: readonly ForkRecord[];
    readonly crashes: readonly UnexpectedExit[];
    readonly lost: TxAccounting['lost'];
    readonly lostWithStoppedAcker: TxAccounting['lostWithStoppedAcker'];
    readonly duplicated: TxAccounting['duplicated'];
    readonly resequenced: TxAccounting['resequenced'];
    readonly resequencedBeyondHorizon: TxAccounting['resequencedBeyondHorizon'];
    readonly unreadHeights: readonly number[];
    readonly regressions: readonly unknown[];
    /** End-of-session checks that failed: nodes not caught up, decided blocks nobody serves. */
    readonly final: readonly string[];
    /** L1 checks that failed: gaps or repeats in the posted heights, wrong commitments, L1 left behind. */
    readonly l1: readonly string[];
  };
  readonly logs: string;
}

/** The median and maximum of `values` (null for none). */
export function percentiles(values: readonly number[]): { p50: number | null; max: number | null } {
  if (values.length === 0) return { p50: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: sorted[Math.floor((sorted.length - 1) / 2)]!, max: sorted[sorted.length - 1]! };
}

/** Everything the session gathered, to summarize. */
export interface SessionOutcome {
  readonly seed: number;
  readonly minutes: number;
  readonly nodes: number;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly startHeight: number;
  readonly endHeight: number;
  readonly faults: readonly FaultRecord[];
  readonly faultsLeftOut: Partial<Record<FaultKind, string>>;
  readonly accounting: TxAccounting;
  readonly load: LoadStats;
  readonly forks: readonly ForkRecord[];
  readonly crashes: readonly UnexpectedExit[];
  readonly finalViolations: readonly string[];
  readonly l1Violations: readonly string[];
  readonly unreadHeights: readonly number[];
  readonly regressions: readonly unknown[];
  readonly logs: string;
  readonly l1?: Record<string, unknown>;
}

/** Builds the report; every invariant breach lands in `violations`. */
export function buildReport(outcome: SessionOutcome): FaultReport {
  const faultsInjected: Partial<Record<FaultKind, number>> = {};
  const recoveries = new Map<FaultKind, { count: number; times: number[] }>();
  for (const fault of outcome.faults) {
    faultsInjected[fault.kind] = (faultsInjected[fault.kind] ?? 0) + 1;
    const entry = recoveries.get(fault.kind) ?? { count: 0, times: [] };
    entry.count++;
    if (fault.recoveryMs !== undefined) entry.times.push(fault.recoveryMs);
    recoveries.set(fault.kind, entry);
  }
  const recovery: Partial<Record<FaultKind, RecoveryStats>> = {};
  for (const [kind, entry] of recoveries) {
    const { p50, max } = percentiles(entry.times);
    recovery[kind] = { count: entry.count, recovered: entry.times.length, p50Ms: p50, maxMs: max };
  }
  const a = outcome.accounting;
  const violations = [
    ...outcome.faults.flatMap((fault) => fault.violations),
    ...outcome.forks.map(
      (f) =>
        `fork at height ${f.height}: node${f.first.node} ${f.first.commitment} vs node${f.second.node} ${f.second.commitment}`,
    ),
    ...outcome.crashes.map(
      (c) => `${c.name} exited unexpectedly (code ${c.code}, signal ${c.signal}); log ${c.logFile}`,
    ),
    ...a.duplicated.map(
      (d) => `transaction ${d.hash} decided ${d.heights.length} times, at heights ${d.heights.join(',')}`,
    ),
    ...a.resequenced.map(
      (d) =>
        `resubmitted or replayed transaction ${d.hash} sequenced again: heights ${d.heights.join(',')} (never twice within the duplicate horizon)`,
    ),
    ...a.lost.map((l) => `transaction ${l.hash} acknowledged by node${l.node} (which stayed up) was never decided`),
    ...outcome.finalViolations,
    ...outcome.l1Violations,
  ];
  return {
    seed: outcome.seed,
    minutes: outcome.minutes,
    nodes: outcome.nodes,
    durationS: Math.round((outcome.endedAtMs - outcome.startedAtMs) / 1000),
    faultsInjected,
    faultsTotal: outcome.faults.length,
    faultsLeftOut: outcome.faultsLeftOut,
    heights: { start: outcome.startHeight, end: outcome.endHeight, decided: outcome.endHeight - outcome.startHeight },
    transactions: {
      submitted: outcome.load.submitted,
      acknowledged: a.acknowledged,
      decided: a.decidedOnce + a.duplicated.length,
      duplicated: a.duplicated.length,
      resequenced: a.resequenced.length,
      resequencedBeyondHorizon: a.resequencedBeyondHorizon.length,
      lost: a.lost.length,
      lostWithStoppedAcker: a.lostWithStoppedAcker.length,
      refused: outcome.load.refused,
      unavailable: outcome.load.unavailable,
      decidedUnacknowledged: a.decidedUnacknowledged,
    },
    recovery,
    forks: outcome.forks.length,
    crashes: outcome.crashes.length,
    ...(outcome.l1 ? { l1: outcome.l1 } : {}),
    violations,
    details: {
      faults: outcome.faults.map(({ startedAtMs: _s, ...fault }) => fault),
      forks: outcome.forks,
      crashes: outcome.crashes,
      lost: a.lost,
      lostWithStoppedAcker: a.lostWithStoppedAcker,
      duplicated: a.duplicated,
      resequenced: a.resequenced,
      resequencedBeyondHorizon: a.resequencedBeyondHorizon,
      unreadHeights: outcome.unreadHeights.slice(0, 50),
      regressions: outcome.regressions,
      final: outcome.finalViolations,
      l1: outcome.l1Violations,
    },
    logs: outcome.logs,
  };
}
