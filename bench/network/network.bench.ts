/**
 * `npm run bench:network [-- --quick] [--runs NAME,...] [--pairs N] [--ours-only] [--remote-signer] [--keep-logs]`: the same
 * load, from one load generator, against two systems in turn on this machine: cdn-server and five sequencers (built
 * dist/), then a five-member etcd cluster on loopback (Debian's etcd-server; a JSON line says so when it is absent,
 * and ours runs alone). Prints JSON lines only: one per run per system (submit-to-decided latency percentiles,
 * decided transactions and MB/s, CPU and peak RSS per node, view timeouts or leader changes per node), then one per
 * run comparing them (`ratio` is ours ÷ etcd). Numbers only: nothing here passes or fails. Every process it starts
 * is stopped on success, error, SIGINT and SIGTERM.
 *
 * `--pairs N` measures ours, then etcd, N times in turn, each on a fresh network, and ends with one line per run of
 * the medians over the pairs (`pairs` is N): on a shared two-core machine one pair can differ from the next by half,
 * for either system, so a comparison is only worth its median over pairs taken close together.
 *
 * `--remote-signer` compares signing instead of systems (issue 20: remote signing within 15 % of in-process at light
 * load): the light runs (20 tx/s, or those `--runs` names) against our network signing in-process, then against a
 * fresh one whose five nodes all sign through one sequencer-signer; one line per run per network (`system` is `ours`
 * or `ours-remote-signer`), then one per run with the ratio remote ÷ in-process. etcd is not run.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { demoKeyPair } from '@hotshot/crypto';
import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import { DIST_DIR, TestNetwork } from '../../test/support/network-harness';
import { RemoteSignerFixture } from '../../test/support/remote-signer';
import { EtcdCluster, findEtcd } from './etcd-cluster';
import { HotShotTarget } from './hotshot-target';
import {
  compare,
  driveLoad,
  medianOverPairs,
  type Comparison,
  ratioOf,
  type LoadTarget,
  type Run,
  type RunResult,
} from './load-generator';

const quick = process.argv.includes('--quick');
const remoteSigner = process.argv.includes('--remote-signer');
/** The budget issue 20 sets remote signing at light load, printed beside the ratio (nothing checks it). */
const REMOTE_SIGNING_BUDGET = 1.15;

/** Forty 1 MB transactions, eight submitters at once; all must be decided within the cap. */
const FORTY_1MB: Run = {
  name: 'forty-1MB',
  rate: 0,
  txBytes: 1_000_000,
  seconds: quick ? 60 : 180,
  concurrency: 8,
  count: 40,
};

const ALL_RUNS: readonly Run[] = quick
  ? [
      { name: '20tx/s-100B', rate: 20, txBytes: 100, seconds: 10, concurrency: 4 },
      { name: 'saturation-10KB-c32', rate: 0, txBytes: 10_000, seconds: 10, concurrency: 32 },
      FORTY_1MB,
    ]
  : [
      { name: '20tx/s-100B', rate: 20, txBytes: 100, seconds: 20, concurrency: 4 },
      { name: '20tx/s-1KB', rate: 20, txBytes: 1_000, seconds: 20, concurrency: 4 },
      { name: '20tx/s-10KB', rate: 20, txBytes: 10_000, seconds: 20, concurrency: 4 },
      { name: '200tx/s-1KB', rate: 200, txBytes: 1_000, seconds: 20, concurrency: 16 },
      { name: 'saturation-10KB-c32', rate: 0, txBytes: 10_000, seconds: 20, concurrency: 32 },
      { name: 'saturation-100KB-c16', rate: 0, txBytes: 100_000, seconds: 20, concurrency: 16 },
      FORTY_1MB,
    ];

/** `--runs a,b` measures only the runs of those names (to profile one load); unknown names are an error. */
function selectRuns(all: readonly Run[]): readonly Run[] {
  const flag = process.argv.indexOf('--runs');
  if (flag < 0) return all;
  const names = (process.argv[flag + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((name) => !all.some((run) => run.name === name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(
      `--runs takes names from: ${all.map((run) => run.name).join(', ')} (got ${names.join(',') || 'none'})`,
    );
  }
  return all.filter((run) => names.includes(run.name));
}

/** The light load: the paced runs of at most 20 tx/s (the remote-signer comparison's default). */
const LIGHT_RUNS = ALL_RUNS.filter((run) => run.rate > 0 && run.rate <= 20);

const RUNS = selectRuns(remoteSigner && !process.argv.includes('--runs') ? LIGHT_RUNS : ALL_RUNS);

/** `--pairs N`: how many times ours and etcd are measured in turn (1 without the flag). */
function pairCount(): number {
  const flag = process.argv.indexOf('--pairs');
  if (flag < 0) return 1;
  const value = Number(process.argv[flag + 1]);
  if (!Number.isInteger(value) || value < 1 || value > 20) {
    throw new Error(`--pairs takes a whole number from 1 to 20 (got ${process.argv[flag + 1] ?? 'none'})`);
  }
  return value;
}

function print(line: unknown): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** What is running now, so every exit path stops it. */
const running = new Set<{ stop(): Promise<void>; pids(): number[] }>();
const abort = new AbortController();

async function measure(target: LoadTarget): Promise<RunResult[]> {
  const lines: RunResult[] = [];
  for (const [i, run] of RUNS.entries()) {
    if (abort.signal.aborted) throw new Error('interrupted');
    const line = await driveLoad(target, run, i, abort.signal);
    print(line);
    lines.push(line);
  }
  return lines;
}

/** Our five nodes under RUNS; with `remote`, every node signs through one sequencer-signer started first. */
async function measureOurs(remote = false): Promise<RunResult[]> {
  let signer: RemoteSignerFixture | undefined;
  const net = new TestNetwork({
    nodes: 5,
    viewTimeoutMs: 2000,
    keySeed: 'bench',
    ...(remote && { keyArgs: (i: number) => signer!.nodeArgs(i) }),
  });
  const handle = { stop: () => net.stop(), pids: () => net.nodePids() };
  running.add(handle);
  let failed = true;
  try {
    if (remote) {
      const keys = Array.from({ length: 5 }, (_, i) => demoKeyPair('bench', i));
      signer = new RemoteSignerFixture(net, keys, DEFAULT_CONSENSUS_CONFIG.chainId);
      await signer.start();
    }
    await net.start();
    await net.waitForHeight(3, [0, 1, 2, 3, 4], 120_000);
    const lines = await measure(new HotShotTarget(net, remote ? 'ours-remote-signer' : 'ours'));
    failed = false;
    return lines;
  } finally {
    // On failure, or with --keep-logs, the logs stay for a look.
    const keep = failed || process.argv.includes('--keep-logs');
    await net.stop(keep);
    if (keep) process.stderr.write(`bench:network: our network's logs are in ${net.dir}\n`);
    running.delete(handle);
  }
}

async function measureEtcd(bin: string): Promise<RunResult[]> {
  const cluster = new EtcdCluster(bin, 5);
  running.add(cluster);
  let failed = true;
  try {
    await cluster.start();
    const lines = await measure(cluster);
    failed = false;
    return lines;
  } finally {
    await cluster.stop(failed);
    if (failed) process.stderr.write(`bench:network: etcd's logs are in ${cluster.dir}\n`);
    running.delete(cluster);
  }
}

async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((handle) => handle.stop()));
}

/** Kills at once whatever is still running (the last resort, when stopping in order is not possible). */
function killAll(): void {
  for (const pid of [...running].flatMap((handle) => handle.pids())) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** First SIGINT or SIGTERM: stop everything and exit; a second one kills what is left at once. */
function onSignal(signal: NodeJS.Signals): void {
  if (abort.signal.aborted) {
    killAll();
    process.exit(1);
  }
  abort.abort();
  process.stderr.write(`bench:network: ${signal}, stopping every process it started\n`);
  void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
}

async function main(): Promise<void> {
  for (const app of ['cdn-server', 'sequencer', ...(remoteSigner ? ['sequencer-signer'] : [])]) {
    const script = path.join(DIST_DIR, 'apps', app, 'src', 'main.js');
    if (!existsSync(script)) throw new Error(`${script} is missing: build first (npm run build)`);
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', killAll);
  if (remoteSigner) {
    const inProcess = await measureOurs();
    const remote = await measureOurs(true);
    for (const [i, line] of remote.entries()) {
      const ratio = ratioOf(line, inProcess[i]!, 'remote/in-process');
      print({ run: line.run, inProcess: inProcess[i], remote: line, ratio, budget: REMOTE_SIGNING_BUDGET });
    }
    return;
  }
  const etcd = process.argv.includes('--ours-only') ? undefined : findEtcd();
  if (!etcd && !process.argv.includes('--ours-only')) {
    print({
      system: 'etcd',
      skipped: true,
      reason: 'no etcd binary (apt-get install etcd-server): ours runs alone, without the side-by-side comparison',
    });
  }
  const pairs = pairCount();
  const compared: Comparison[][] = [];
  for (let pair = 1; pair <= pairs; pair++) {
    const ours = await measureOurs();
    if (!etcd) continue;
    const theirs = await measureEtcd(etcd.bin);
    const lines = ours.map((line, i) => compare(line, theirs[i]!));
    for (const line of lines) print({ ...line, ...(pairs > 1 && { pair }), etcdVersion: etcd.version });
    compared.push(lines);
  }
  if (pairs > 1 && etcd) {
    for (const [i, run] of RUNS.entries())
      print(
        medianOverPairs(
          run.name,
          compared.map((lines) => lines[i]!),
        ),
      );
  }
}

main()
  .catch(async (error) => {
    process.stderr.write(`bench:network failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
    await stopAll();
  })
  .finally(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });
