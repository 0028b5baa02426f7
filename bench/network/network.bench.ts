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

/** Follows node 0's decided blocks, recording when each transaction hash was first seen decided. */
async function follow(
  net: TestNetwork,
  decidedAt: Map<string, number>,
  stats: { blocks: number; bytes: number },
  stop: AbortSignal,
) {
  let next = (await net.blockHeight(0)) ?? 0;
  while (!stop.aborted) {
    const height = (await net.blockHeight(0)) ?? next;
    for (; next < height; next++) {
      const { body } = await net.get<{ header: { payloadSize: number }; transactions: { hash: string }[] | null }>(
        0,
        `/v0/availability/block/${next}`,
      );
      const now = Date.now();
      stats.blocks++;
      stats.bytes += body.header.payloadSize;
      for (const tx of body.transactions ?? []) if (!decidedAt.has(tx.hash)) decidedAt.set(tx.hash, now);
    }
    await sleep(25);
  }
}

async function runLoad(net: TestNetwork, run: Run, runIndex: number): Promise<Record<string, number | null>> {
  const submittedAt = new Map<string, number>();
  const decidedAt = new Map<string, number>();
  const stats = { blocks: 0, bytes: 0 };
  const stopFollowing = new AbortController();
  const follower = follow(net, decidedAt, stats, stopFollowing.signal);
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
  // Give the last submissions time to be decided before measuring latency.
  const drainUntil = Date.now() + 15_000;
  while (Date.now() < drainUntil && [...submittedAt.keys()].some((hash) => !decidedAt.has(hash))) await sleep(100);
  stopFollowing.abort();
  await follower;
  const cpuAfter = pids.map(cpuSeconds);
  const elapsed = (Date.now() - started) / 1000;
  const latencies = [...submittedAt]
    .filter(([hash]) => decidedAt.has(hash))
    .map(([hash, at]) => decidedAt.get(hash)! - at)
    .sort((a, b) => a - b);
  const decided = latencies.length;
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
    blocksPerSec: Number((stats.blocks / elapsed).toFixed(2)),
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
