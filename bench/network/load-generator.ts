/**
 * One load generator for every system the network bench measures: it submits transactions at a rate (or as fast as
 * a number of concurrent submitters allows), round-robin over the system's members, and measures submit-to-decided
 * latency, decided throughput, CPU and peak RSS per member process. A system plugs in as a LoadTarget.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** One load of a benchmark run. */
export interface Run {
  /** Names the run in the output and joins the lines of the systems: `20tx/s-100B`. */
  readonly name: string;
  /** Target submissions per second; 0 submits as fast as `concurrency` allows (saturation). */
  readonly rate: number;
  /** Bytes of each transaction. */
  readonly txBytes: number;
  /** Seconds of submitting; with `count`, the cap on the whole run (submitting and deciding). */
  readonly seconds: number;
  /** Submitters at once. */
  readonly concurrency: number;
  /** Submit exactly this many transactions and wait until all are decided (or `seconds` pass). */
  readonly count?: number;
}

/** A system under load: how to submit to it and how to learn when a submission is decided. */
export interface LoadTarget {
  /** `ours` or `etcd`. */
  readonly system: string;
  /** Members that submissions go to round-robin. */
  readonly members: number;
  /** Process ids of the members (CPU and peak RSS are read from /proc). */
  pids(): number[];
  /** Starts watching for decisions; called before the first submission of each run. */
  begin(): Promise<void>;
  /** Submits `payload` (submission number `n` of run `runIndex`) to `member`; resolves with its id once accepted. */
  submit(member: number, payload: Uint8Array, n: number, runIndex: number): Promise<string>;
  /**
   * Waits until every id in `ids` is decided or `deadline` (ms since epoch) passes, stops watching, and returns
   * when each decided id was decided (ms since epoch).
   */
  settle(ids: ReadonlySet<string>, deadline: number): Promise<Map<string, number>>;
  /** Per-member counters read before and after each run; the run prints each member's increase and the sum. */
  counters(): Promise<Record<string, number[]>>;
  /** Fields only this system has (blocks per second), for the run that went from `started` to `submitEnd`. */
  extras(started: number, submitEnd: number): Record<string, number | null>;
}

/** What one run measured on one system: one JSON line. */
export type RunResult = Record<string, string | number | boolean | null | (number | null)[]>;

/** How long the last submissions of a timed run get to be decided, in ms. */
const DRAIN_MS = 15_000;
const TICKS_PER_SECOND = 100;

/** utime + stime of `pid` in seconds, from /proc (0 when it has gone). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Peak resident set size of `pid` in MB (VmHWM), or null when it cannot be read. */
export function peakRssMb(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number((Number(match[1]) / 1024).toFixed(1)) : null;
  } catch {
    return null;
  }
}

/**
 * Resets the peak RSS of `pid` to its current RSS (Linux: `5` into clear_refs), so VmHWM covers one run; returns
 * false where that is not allowed, and VmHWM then is the peak since the process started.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function increases(before: Record<string, number[]>, after: Record<string, number[]>): RunResult {
  const out: RunResult = {};
  for (const [name, values] of Object.entries(after)) {
    const perMember = values.map((value, i) => value - (before[name]?.[i] ?? 0));
    out[name] = perMember.reduce((sum, v) => sum + v, 0);
    out[`${name}PerNode`] = perMember;
  }
  return out;
}

/**
 * Drives `run` against `target` and returns its line. Latency is from the moment a submission is sent to the moment
 * the target reports it decided; throughput counts decided payload bytes over the seconds of submitting (for a
 * `count` run, over the time until the last one was decided).
 */
export async function driveLoad(
  target: LoadTarget,
  run: Run,
  runIndex: number,
  signal: AbortSignal,
): Promise<RunResult> {
  const pids = target.pids();
  const peakReset = pids.map(resetPeakRss).every(Boolean);
  const countersBefore = await target.counters();
  await target.begin();
  const cpuBefore = pids.map(cpuSeconds);
  const generatorCpuBefore = process.cpuUsage();
  const submittedAt = new Map<string, number>();
  const started = Date.now();
  const deadline = started + run.seconds * 1000;
  let sequence = 0;
  let refused = 0;

  const more = () => !signal.aborted && Date.now() < deadline && (run.count === undefined || sequence < run.count);
  const submitter = async (submitterIndex: number) => {
    while (more()) {
      const n = sequence++;
      if (run.rate > 0) {
        const due = started + (n * 1000) / run.rate;
        if (due > Date.now()) await sleep(due - Date.now());
        if (Date.now() >= deadline) break;
      }
      const payload = new Uint8Array(run.txBytes);
      new DataView(payload.buffer).setUint32(0, runIndex * 1_000_000 + n);
      payload.fill(submitterIndex, 4);
      const at = Date.now();
      try {
        submittedAt.set(await target.submit(n % target.members, payload, n, runIndex), at);
      } catch {
        refused++;
        await sleep(50);
      }
    }
  };
  await Promise.all(Array.from({ length: run.concurrency }, (_, i) => submitter(i)));
  const submitEnd = Date.now();
  const decidedAt = await target.settle(
    new Set(submittedAt.keys()),
    run.count === undefined ? submitEnd + DRAIN_MS : deadline,
  );
  const ended = Date.now();
  const cpuAfter = pids.map(cpuSeconds);
  const generatorCpu = process.cpuUsage(generatorCpuBefore);
  const countersAfter = await target.counters();

  const latencies = [...submittedAt]
    .flatMap(([id, at]) => (decidedAt.has(id) ? [decidedAt.get(id)! - at] : []))
    .sort((a, b) => a - b);
  const decided = latencies.length;
  const lastDecided = Math.max(started, ...decidedAt.values());
  // A count run is measured until its last decision; a timed run over its seconds of submitting.
  const seconds = Math.max(0.001, ((run.count === undefined ? submitEnd : lastDecided) - started) / 1000);
  const cpu = cpuAfter.reduce((sum, after, i) => sum + (after - cpuBefore[i]!), 0) / Math.max(1, pids.length);
  return {
    run: run.name,
    system: target.system,
    rate: run.rate === 0 ? null : run.rate,
    txBytes: run.txBytes,
    concurrency: run.concurrency,
    ...(run.count !== undefined && {
      count: run.count,
      allDecided: decided === run.count,
      tookMs: decided === run.count ? lastDecided - started : null,
    }),
    submitted: submittedAt.size,
    refused,
    decided,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    txPerSec: Number((decided / seconds).toFixed(1)),
    mbPerSec: Number(((decided * run.txBytes) / seconds / 1e6).toFixed(3)),
    cpuPerNode: Number((cpu / ((ended - started) / 1000)).toFixed(2)),
    // This process's own share of a core: what the load costs to generate, taken from both systems alike.
    loadGeneratorCpu: Number(((generatorCpu.user + generatorCpu.system) / 1000 / (ended - started)).toFixed(2)),
    peakRssMbPerNode: pids.map(peakRssMb),
    peakRssSince: peakReset ? 'run' : 'start',
    ...increases(countersBefore, countersAfter),
    ...target.extras(started, submitEnd),
  };
}

/** Fields compared between two lines of one run, as a ratio (above 1: the first takes longer, or carries more). */
const COMPARED = ['p50Ms', 'p99Ms', 'txPerSec', 'mbPerSec', 'cpuPerNode', 'tookMs'] as const;

/** The ratio `a` ÷ `b` of the fields two lines of one run share, and of their peak RSS; `of` names the ratio. */
export function ratioOf(a: RunResult, b: RunResult, of: string): Record<string, number | null | string> {
  const ratio: Record<string, number | null | string> = { of };
  for (const field of COMPARED) {
    const x = a[field];
    const y = b[field];
    if (x === undefined && y === undefined) continue;
    ratio[field] = typeof x === 'number' && typeof y === 'number' && y !== 0 ? Number((x / y).toFixed(2)) : null;
  }
  const peak = (line: RunResult) => Math.max(...(line.peakRssMbPerNode as (number | null)[]).map((v) => v ?? 0));
  ratio.peakRssMb = peak(b) > 0 ? Number((peak(a) / peak(b)).toFixed(2)) : null;
  return ratio;
}

export interface Comparison {
  readonly run: RunResult[string];
  readonly ours: RunResult;
  readonly etcd: RunResult;
  readonly ratio: Record<string, number | null | string>;
}

/** The comparison line of one run: both lines and the ratio ours ÷ etcd of the fields they share. */
export function compare(ours: RunResult, etcd: RunResult): Comparison {
  return { run: ours.run, ours, etcd, ratio: ratioOf(ours, etcd, 'ours/etcd') };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : Number(((sorted[middle - 1]! + sorted[middle]!) / 2).toFixed(3));
}

/** The medians, over the pairs of one run, of each compared field of ours, of etcd and of their ratio. */
export function medianOverPairs(run: string, pairs: readonly Comparison[]): Record<string, unknown> {
  const medians = (lines: readonly Record<string, unknown>[]) => {
    const out: Record<string, number | null> = {};
    for (const field of [...COMPARED, 'peakRssMb'] as const) {
      const values = lines.map((line) => line[field]).filter((v): v is number => typeof v === 'number');
      if (values.length > 0) out[field] = median(values);
    }
    return out;
  };
  return {
    run,
    pairs: pairs.length,
    medianOurs: medians(pairs.map((pair) => pair.ours)),
    medianEtcd: medians(pairs.map((pair) => pair.etcd)),
    medianRatio: medians(pairs.map((pair) => pair.ratio)),
  };
}
