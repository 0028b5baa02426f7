/**
 * `npm run bench:network [-- --quick]`: starts cdn-server and five sequencers (built dist/) on this machine,
 * drives a submit load at several rates and transaction sizes, and prints one JSON line per run:
 * submit-to-decide latency percentiles, decided transactions, bytes and blocks per second, and CPU per node
 * (CPU seconds per wall second, averaged over the nodes). Numbers only: nothing here passes or fails.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { TestNetwork } from '../../test/support/network-harness';

interface Run {
  /** Target submissions per second; 0 submits as fast as `concurrency` allows (saturation). */
  readonly rate: number;
  readonly txBytes: number;
  readonly seconds: number;
  readonly concurrency: number;
}

const quick = process.argv.includes('--quick');
const RUNS: readonly Run[] = quick
  ? [
      { rate: 20, txBytes: 100, seconds: 10, concurrency: 4 },
      { rate: 0, txBytes: 10_000, seconds: 10, concurrency: 32 },
    ]
  : [
      { rate: 20, txBytes: 100, seconds: 20, concurrency: 4 },
      { rate: 20, txBytes: 1_000, seconds: 20, concurrency: 4 },
      { rate: 20, txBytes: 10_000, seconds: 20, concurrency: 4 },
      { rate: 200, txBytes: 1_000, seconds: 20, concurrency: 16 },
      { rate: 0, txBytes: 10_000, seconds: 20, concurrency: 32 },
      { rate: 0, txBytes: 100_000, seconds: 20, concurrency: 16 },
    ];

const TICKS_PER_SECOND = 100;

/** utime + stime of `pid` in seconds, from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Records when each height first shows on node 0, polling the cheap block-height endpoint, so the measurement
 * never lags behind the network; which transactions each height holds is read after the run.
 */
async function watchHeights(net: TestNetwork, seenAt: Map<number, number>, stop: AbortSignal): Promise<void> {
  while (!stop.aborted) {
    const height = await net.blockHeight(0);
    const now = Date.now();
    if (height !== undefined) for (let h = height - 1; h >= 0 && !seenAt.has(h); h--) seenAt.set(h, now);
    await sleep(20);
  }
}

/** Maps each transaction hash to the first height that holds it, for heights in [from, until). */
async function transactionHeights(net: TestNetwork, from: number, until: number): Promise<Map<string, number>> {
  const heights = new Map<string, number>();
  for (let h = from; h < until; h++) {
    const { body } = await net.get<{ transactions: { hash: string }[] | null }>(0, `/v0/availability/block/${h}`);
    for (const tx of body.transactions ?? []) if (!heights.has(tx.hash)) heights.set(tx.hash, h);
  }
  return heights;
}

async function runLoad(net: TestNetwork, run: Run, runIndex: number): Promise<Record<string, number | null>> {
  const submittedAt = new Map<string, number>();
  const seenAt = new Map<number, number>();
  const firstHeight = (await net.blockHeight(0)) ?? 0;
  for (let h = 0; h < firstHeight; h++) seenAt.set(h, 0);
  const stopWatching = new AbortController();
  const watcher = watchHeights(net, seenAt, stopWatching.signal);
  const pids = net.nodePids();
  const cpuBefore = pids.map(cpuSeconds);
  const started = Date.now();
  const deadline = started + run.seconds * 1000;
  let sequence = 0;
  let refused = 0;

  const worker = async (workerIndex: number) => {
    while (Date.now() < deadline) {
      const n = sequence++;
      if (run.rate > 0) {
        const due = started + (n * 1000) / run.rate;
        if (due > Date.now()) await sleep(due - Date.now());
        if (Date.now() >= deadline) break;
      }
      const payload = new Uint8Array(run.txBytes);
      new DataView(payload.buffer).setUint32(0, runIndex * 1_000_000 + n);
      payload.fill(workerIndex, 4);
      const at = Date.now();
      try {
        submittedAt.set(await net.submit(n % 5, 1 + (n % 3), payload), at);
      } catch {
        refused++;
        await sleep(50);
      }
    }
  };
  await Promise.all(Array.from({ length: run.concurrency }, (_, i) => worker(i)));
  const wall = (Date.now() - started) / 1000;
  // Give the last submissions time to be decided, then read which height holds each transaction.
  const drainUntil = Date.now() + 15_000;
  const located = new Map<string, number>();
  let scannedUntil = firstHeight;
  while (Date.now() < drainUntil) {
    const height = (await net.blockHeight(0)) ?? scannedUntil;
    for (const [hash, h] of await transactionHeights(net, scannedUntil, height)) located.set(hash, h);
    scannedUntil = height;
    if ([...submittedAt.keys()].every((hash) => located.has(hash))) break;
    await sleep(250);
  }
  stopWatching.abort();
  await watcher;
  const cpuAfter = pids.map(cpuSeconds);
  const elapsed = (Date.now() - started) / 1000;
  const latencies = [...submittedAt]
    .filter(([hash]) => located.has(hash) && seenAt.has(located.get(hash)!))
    .map(([hash, at]) => seenAt.get(located.get(hash)!)! - at)
    .sort((a, b) => a - b);
  const decided = latencies.length;
  const heightsDuringRun = [...seenAt].filter(([h, at]) => h >= firstHeight && at <= deadline).length;
  const cpu = cpuAfter.reduce((sum, after, i) => sum + (after - cpuBefore[i]!), 0) / Math.max(1, pids.length) / elapsed;
  return {
    rate: run.rate === 0 ? null : run.rate,
    txBytes: run.txBytes,
    submitted: submittedAt.size,
    refused,
    decided,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    txPerSec: Number((decided / wall).toFixed(1)),
    mbPerSec: Number(((decided * run.txBytes) / wall / 1e6).toFixed(3)),
    blocksPerSec: Number((heightsDuringRun / wall).toFixed(2)),
    cpuPerNode: Number(cpu.toFixed(2)),
  };
}

async function main(): Promise<void> {
  const net = new TestNetwork({ nodes: 5, viewTimeoutMs: 2000, keySeed: 'bench' });
  await net.start();
  try {
    await net.waitForHeight(3, [0, 1, 2, 3, 4], 60_000);
    for (const [i, run] of RUNS.entries()) {
      const result = await runLoad(net, run, i);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    }
  } finally {
    await net.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:network failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
