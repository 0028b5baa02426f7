import { phaseNumeral, type DemoPhase } from '../demo-services';

/** One reading of the demo network. */
export interface DemoSample {
  readonly atMs: number;
  /** Decided blocks on node 0. */
  readonly height?: number;
  readonly view?: number;
  readonly decidedTransactions?: number;
  readonly l1HotShotHeight?: number;
  /** The rollup's sequenced HotShot height on L1. */
  readonly l1RollupHeight?: number;
  /** The rollup's verified HotShot height on L1 (phase III's node posts state roots; nothing does before). */
  readonly l1VerifiedHeight?: number;
  /** The rollup node's newest L2 block (its /healthz). */
  readonly l2Block?: number;
  /** Submit-to-decide latency of rollup transactions over the last seconds (the load generator's). */
  readonly p50Ms?: number | null;
}

/** What the status line and the summary show. */
export interface DemoStatus {
  readonly phase: DemoPhase;
  readonly height: number | null;
  readonly viewsPerSec: number | null;
  readonly p50Ms: number | null;
  readonly txPerSec: number | null;
  readonly l1HotShotHeight: number | null;
  readonly l1RollupHeight: number | null;
  readonly l1VerifiedHeight: number | null;
  readonly l2Block: number | null;
}

/** The value of an unlabelled metric in Prometheus text, or undefined. */
export function prometheusValue(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name}(?:\\{\\})? (\\S+)$`, 'm').exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : undefined;
}

/** Rate of a counter between two samples, per second; null when either lacks it or no time passed. */
function rate(
  first: DemoSample | undefined,
  last: DemoSample | undefined,
  key: 'view' | 'decidedTransactions',
): number | null {
  const a = first?.[key];
  const b = last?.[key];
  if (a === undefined || b === undefined || !first || !last || last.atMs <= first.atMs) return null;
  return round(((b - a) * 1000) / (last.atMs - first.atMs));
}

/** The status from `samples` (oldest first): rates over the samples given, values from the newest with each. */
export function demoStatus(phase: DemoPhase, samples: readonly DemoSample[], p50Ms: number | null): DemoStatus {
  const newest = <K extends keyof DemoSample>(key: K): DemoSample[K] | undefined =>
    [...samples].reverse().find((sample) => sample[key] !== undefined)?.[key];
  const withView = samples.filter((s) => s.view !== undefined);
  const withTxs = samples.filter((s) => s.decidedTransactions !== undefined);
  return {
    phase,
    height: newest('height') ?? null,
    viewsPerSec: rate(withView[0], withView.at(-1), 'view'),
    p50Ms,
    txPerSec: rate(withTxs[0], withTxs.at(-1), 'decidedTransactions'),
    l1HotShotHeight: newest('l1HotShotHeight') ?? null,
    l1RollupHeight: newest('l1RollupHeight') ?? null,
    l1VerifiedHeight: newest('l1VerifiedHeight') ?? null,
    l2Block: newest('l2Block') ?? null,
  };
}

/**
 * The single status line. The verified height shows in phase III only: before it nothing posts state roots, so it
 * would read 0 for the whole run.
 */
export function formatStatusLine(status: DemoStatus, elapsedSeconds: number): string {
  const show = (value: number | null, unit = ''): string => (value === null ? '-' : `${value}${unit}`);
  return [
    `${Math.round(elapsedSeconds)}s`,
    `height ${show(status.height)}`,
    `${show(status.viewsPerSec)} views/s`,
    `decide p50 ${show(status.p50Ms, ' ms')}`,
    `${show(status.txPerSec)} tx/s`,
    `L1 HotShot ${show(status.l1HotShotHeight)}`,
    `rollup ${show(status.l1RollupHeight)}`,
    ...(status.phase === 3 ? [`verified ${show(status.l1VerifiedHeight)}`] : []),
    `L2 block ${show(status.l2Block)} (phase ${phaseNumeral(status.phase)})`,
  ].join(' | ');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
