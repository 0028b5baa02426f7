import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port';
import { GiveUpError, waitForProgress } from './wait-for-progress';

const root = path.resolve(__dirname, '..', '..');
/** The build to run: `dist/` by default (npm test builds first), or a snapshot of it that nobody rebuilds meanwhile. */
export const DIST_DIR = process.env.HOTSHOT_DIST_DIR ?? path.join(root, 'dist');

/** Sends a JSON body by POST and gives back the status and body text. */
export type JsonPost = (url: string, body: string) => Promise<{ status: number; text: string }>;

/** JsonPost over fetch; on a loaded machine a node can take seconds to answer, which is slow, not wrong. */
const fetchJson: JsonPost = async (url, body) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, text: await res.text() };
};
const cdnMain = path.join(DIST_DIR, 'apps', 'cdn-server', 'src', 'main.js');
const sequencerMain = path.join(DIST_DIR, 'apps', 'sequencer', 'src', 'main.js');

/** A process of the network under test, with its log file. */
interface Managed {
  child?: ChildProcess;
  readonly args: string[];
  readonly script: string;
  readonly logFile: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Options of a test network. */
export interface NetworkOptions {
  readonly nodes: number;
  readonly viewTimeoutMs?: number;
  readonly startDelayMs?: number;
  readonly keySeed?: string;
  /** Extra flags for every sequencer (e.g. a small --warm-start-gap). */
  readonly nodeArgs?: readonly string[];
  /** Extra flags for the cdn-server (e.g. --max-tx-bytes and --max-block-bytes, handed to every node). */
  readonly cdnArgs?: readonly string[];
  /** The flags naming node i's key, instead of --key-seed and --key-index (e.g. a remote signer's). */
  readonly keyArgs?: (index: number) => readonly string[];
}

/**
 * A cdn-server and N sequencers as real processes on 127.0.0.1, built from dist/ (npm test builds first).
 * Each node has its own data directory and log file under one temporary folder, kept when a test fails.
 */
export class TestNetwork {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'hotshot-net-'));
  cdnPort = 0;
  readonly apiPorts: number[] = [];
  private cdn?: Managed;
  private readonly nodes: Managed[] = [];
  private readonly services = new Map<string, Managed>();
  /** How often each node was started again on another API port (see onNodeExit). */
  private readonly portRetries = new Map<number, number>();
  /** Set by stop(): a node that exits from then on is not started again. */
  private stopping = false;
  /** Set when a wait failed: stop() then keeps the logs whatever the test asked. */
  private failed = false;

  constructor(readonly options: NetworkOptions) {}

  /**
   * Starts the broker and every node. The broker binds a port of the OS's choosing (`-p 0`) and the nodes are
   * started once it has logged which: a port picked in advance is only free a moment ago, and on a busy machine
   * another suite's socket can take it before the broker binds, leaving the nodes dialling a stranger.
   */
  async start(): Promise<void> {
    this.cdn = {
      script: cdnMain,
      args: [
        '-p',
        '0',
        '-n',
        String(this.options.nodes),
        '--data-dir',
        path.join(this.dir, 'cdn'),
        '--view-timeout-ms',
        String(this.options.viewTimeoutMs ?? 2000),
        '--start-delay-ms',
        String(this.options.startDelayMs ?? 200),
        ...(this.options.cdnArgs ?? []),
      ],
      logFile: path.join(this.dir, 'cdn.log'),
    };
    this.launch(this.cdn);
    this.cdnPort = await this.listeningPort(this.cdn, 'the cdn-server');
    for (let i = 0; i < this.options.nodes; i++) {
      this.apiPorts.push(await freePort());
      this.nodes.push(this.nodeProcess(i));
    }
    for (const node of this.nodes) this.launch(node);
  }

  /**
   * The port `managed` logged in its "listening" line; waits as long as its log grows (a slow start on a loaded
   * machine) and fails at once, with its last log lines, when it exits first.
   */
  private async listeningPort(managed: Managed, what: string): Promise<number> {
    const listening = /"msg":"listening".*?"port":(\d+)/;
    const state = await waitForProgress({
      what: `${what} to log the port it listens on`,
      observe: () => {
        const text = readLog(managed.logFile);
        const port = listening.exec(text)?.[1];
        if (port !== undefined) return Number(port);
        const child = managed.child;
        if (child && (child.exitCode !== null || child.signalCode !== null)) {
          throw new GiveUpError(`${what} exited before listening: ${this.describeProcesses()}`);
        }
        return `starting, log ${text.length} B`;
      },
      done: (seen) => typeof seen === 'number',
      stallMs: 90_000,
      capMs: 300_000,
      context: () => this.describeProcesses(),
    });
    return state as number;
  }

  private nodeProcess(index: number): Managed {
    return {
      script: sequencerMain,
      args: [
        '--cdn-url',
        `tcp://127.0.0.1:${this.cdnPort}`,
        ...(this.options.keyArgs?.(index) ?? [
          '--key-seed',
          this.options.keySeed ?? 'test-network',
          '--key-index',
          String(index),
        ]),
        '--api-port',
        String(this.apiPorts[index]),
        '--data-dir',
        path.join(this.dir, `node${index}`),
        ...(this.options.nodeArgs ?? []),
      ],
      logFile: path.join(this.dir, `node${index}.log`),
    };
  }

  /** Adds node `index` later (a late joiner: the broker must expect it in `nodes`). */
  async addNode(): Promise<number> {
    const index = this.nodes.length;
    this.apiPorts.push(await freePort());
    const node = this.nodeProcess(index);
    this.nodes.push(node);
    this.launch(node);
    return index;
  }

  /**
   * Starts another process of the system under test (a poster, an adaptor) from `script` with `args` and extra
   * environment `env`; its log is `<dir>/<name>.log`. It stops before the nodes in stop().
   */
  startService(name: string, script: string, args: string[], env: Readonly<Record<string, string>> = {}): void {
    const managed: Managed = { script, args, env, logFile: path.join(this.dir, `${name}.log`) };
    this.services.set(name, managed);
    this.launch(managed);
  }

  /** Kills service `name` with SIGKILL (a crash, mid-whatever it was doing). */
  async killService(name: string): Promise<void> {
    await stopProcess(this.services.get(name)!, 'SIGKILL');
  }

  /** Stops service `name` with SIGTERM and returns its exit code. */
  async terminateService(name: string): Promise<number | null> {
    return stopProcess(this.services.get(name)!, 'SIGTERM');
  }

  /** Starts service `name` again with the same command. */
  restartService(name: string): void {
    this.launch(this.services.get(name)!);
  }

  /** Whether service `name` is running. */
  serviceRunning(name: string): boolean {
    const child = this.services.get(name)?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** The log file of service `name`. */
  serviceLog(name: string): string {
    return this.services.get(name)!.logFile;
  }

  private launch(managed: Managed): void {
    const logStart = this.logBytes(managed);
    const log = createWriteStream(managed.logFile, { flags: 'a' });
    // HOTSHOT_NODE_ARGS: flags for Node itself (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, which NODE_OPTIONS refuses).
    const nodeArgs = (process.env.HOTSHOT_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, managed.script, ...managed.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...managed.env },
    });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    managed.child = child;
    const node = this.nodes.indexOf(managed);
    if (node >= 0) child.once('exit', (code) => void this.onNodeExit(node, child, code, logStart).catch(() => {}));
  }

  /**
   * A node's API port is picked before the node binds it, so on a busy machine another process can take it first
   * and the node exits at once with EADDRINUSE: the node then starts again on another port, at most three times.
   */
  private async onNodeExit(index: number, child: ChildProcess, code: number | null, logStart: number): Promise<void> {
    const managed = this.nodes[index]!;
    if (code === 0 || code === null || managed.child !== child) return;
    const refusal = `EADDRINUSE: address already in use 127.0.0.1:${this.apiPorts[index]}`;
    // The exit can come before the node's last words reach its log file, and the log can be gone (a test that
    // expected the exit stopped the network and deleted its folder): then nothing is to be done.
    const said = () => readLog(managed.logFile).slice(logStart).includes(refusal);
    for (let waited = 0; !said() && waited < 2000 && !this.stopping; waited += 100) await sleep(100);
    if (!said() || this.stopping) return;
    const retries = (this.portRetries.get(index) ?? 0) + 1;
    if (retries > 3) return;
    this.portRetries.set(index, retries);
    this.apiPorts[index] = await freePort();
    const flag = managed.args.indexOf('--api-port');
    managed.args[flag + 1] = String(this.apiPorts[index]);
    if (managed.child === child) this.launch(managed);
  }

  /** Process ids of the running nodes (for CPU accounting in benchmarks). */
  nodePids(): number[] {
    return this.nodes.flatMap((node) => (node.child?.pid === undefined ? [] : [node.child.pid]));
  }

  /** The API base URL of node `index`. */
  api(index: number): string {
    return `http://127.0.0.1:${this.apiPorts[index]}`;
  }

  /** Kills node `index` with SIGKILL (no cleanup, as a crash). */
  async kill(index: number): Promise<void> {
    await stopProcess(this.nodes[index]!, 'SIGKILL');
  }

  /** Stops node `index` with SIGTERM and returns its exit code. */
  async terminate(index: number): Promise<number | null> {
    return stopProcess(this.nodes[index]!, 'SIGTERM');
  }

  /**
   * Waits for node `index` to exit on its own (a fatal error) and returns its exit code; fails after `capMs`
   * naming the node. The code is null when a signal ended it.
   */
  async waitForExit(index: number, capMs = 300_000): Promise<number | null> {
    const child = this.nodes[index]!.child;
    if (!child) throw new Error(`node ${index} is not running`);
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode))),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`node ${index} did not exit within ${capMs} ms; logs in ${this.dir}`)),
          capMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    this.nodes[index]!.child = undefined;
    return code;
  }

  /** The log file of node `index` (its stdout and stderr). */
  nodeLog(index: number): string {
    return this.nodes[index]!.logFile;
  }

  /** Starts node `index` again with the same data directory. */
  restart(index: number): void {
    this.launch(this.nodes[index]!);
  }

  /** Node `index`'s decided block count, or undefined when it does not answer. */
  async blockHeight(index: number): Promise<number | undefined> {
    try {
      const res = await fetch(`${this.api(index)}/v0/status/block-height`, { signal: AbortSignal.timeout(10_000) });
      return res.ok ? ((await res.json()) as number) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Waits until every node in `indices` has decided at least `height` blocks, for as long as the network makes
   * progress: a height rises, or a node that does not answer yet is still writing its log (starting up on a loaded
   * machine). Fails after `stallMs` without either, or after `capMs` in any case.
   */
  async waitForHeight(height: number, indices: readonly number[], capMs = 600_000, stallMs = 90_000): Promise<void> {
    await waitForProgress({
      what: `height ${height} on nodes ${JSON.stringify(indices)}`,
      observe: () => Promise.all(indices.map((i) => this.blockHeight(i))),
      done: (heights) => heights.every((h) => h !== undefined && h >= height),
      progress: (heights) => heights.map((h, i) => h ?? `starting, log ${this.logBytes(this.nodes[indices[i]!]!)} B`),
      stallMs,
      capMs,
      context: () => this.describeProcesses(),
    }).catch((error: unknown) => {
      this.failed = true;
      throw error;
    });
  }

  /**
   * Where the logs are and what each process is doing, for a failed wait's message: an exited process with its
   * exit code and last log lines, and the broker's last lines in any case (CI keeps only the message).
   */
  describeProcesses(): string {
    const parts = [`logs in ${this.dir}`];
    const named: [string, Managed | undefined][] = [
      ['cdn-server', this.cdn],
      ...this.nodes.map((node, i): [string, Managed] => [`node ${i}`, node]),
      ...[...this.services.entries()],
    ];
    for (const [name, managed] of named) {
      const child = managed?.child;
      if (!managed || !child) continue;
      const exited = child.exitCode !== null || child.signalCode !== null;
      if (!exited && managed !== this.cdn) continue;
      const state = exited ? `exited (${child.exitCode ?? child.signalCode})` : 'running';
      parts.push(`${name} ${state}, last log lines:\n${lastLines(readLog(managed.logFile), 3)}`);
    }
    return parts.join('\n');
  }

  /** The size of a process's log so far (0 before its first line). */
  private logBytes(managed: Managed): number {
    try {
      return statSync(managed.logFile).size;
    } catch {
      return 0;
    }
  }

  /** Header commitments by height on node `index`, for heights [1, upTo): two nodes agree when these are equal. */
  async headerCommitments(index: number, upTo: number): Promise<string[]> {
    const out: string[] = [];
    for (let h = 1; h < upTo; h++) {
      const { body } = await this.get<{ headerCommitment: string }>(index, `/v0/availability/leaf/${h}`);
      out.push(body.headerCommitment);
    }
    return out;
  }

  /** How often each transaction hash appears over all decided blocks of node `index` (exactly-once checks). */
  async decidedTransactionCounts(index: number): Promise<Map<string, number>> {
    const height = (await this.blockHeight(index))!;
    const counts = new Map<string, number>();
    for (let h = 1; h < height; h++) {
      const { body } = await this.get<{ transactions: { hash: string }[] | null }>(
        index,
        `/v0/availability/block/${h}`,
      );
      for (const tx of body.transactions ?? []) counts.set(tx.hash, (counts.get(tx.hash) ?? 0) + 1);
    }
    return counts;
  }

  /** GETs a JSON resource from node `index`. */
  async get<T>(index: number, resource: string): Promise<{ status: number; body: T }> {
    // Generous: on a loaded machine a node can take seconds to answer, which is slow, not wrong.
    const res = await fetch(`${this.api(index)}${resource}`, { signal: AbortSignal.timeout(30_000) });
    return { status: res.status, body: (await res.json()) as T };
  }

  /**
   * Submits a transaction through node `index`; returns its hash. A 503 (the node has not rejoined yet, or its
   * mempool is full) or a 429 (this client's share of the mempool is full) is retried for up to `retryForMs`, as the API asks clients to.
   * `post` sends the request (fetch by default; the network bench passes its lean node:http client).
   */
  async submit(
    index: number,
    namespace: number,
    payload: Uint8Array,
    retryForMs = 180_000,
    post: JsonPost = fetchJson,
  ): Promise<string> {
    const deadline = Date.now() + retryForMs;
    const body = JSON.stringify({ namespace, payload: Buffer.from(payload).toString('base64') });
    for (;;) {
      const { status, text } = await post(`${this.api(index)}/v0/submit/submit`, body);
      if (status >= 200 && status < 300) return JSON.parse(text) as string;
      // 429: this client holds its share of the mempool; both ask to retry later.
      if ((status !== 503 && status !== 429) || Date.now() > deadline) {
        throw new Error(`submit failed with ${status}: ${text}`);
      }
      await sleep(250);
    }
  }

  /** Stops everything; removes the folder unless `keep`. */
  async stop(keep = false): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.services.values()].map((service) => stopProcess(service, 'SIGTERM')));
    await Promise.all(this.nodes.map((node) => stopProcess(node, 'SIGTERM')));
    if (this.cdn) await stopProcess(this.cdn, 'SIGTERM');
    if (!keep && !this.failed) rmSync(this.dir, { recursive: true, force: true });
  }
}

async function stopProcess(managed: Managed, signal: NodeJS.Signals): Promise<number | null> {
  const child = managed.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await exited;
  clearTimeout(timer);
  managed.child = undefined;
  return code;
}

/** A log file's text so far ('' before it exists). */
function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The last `count` lines of `text`, each cut to 400 characters. */
function lastLines(text: string, count: number): string {
  return text
    .trimEnd()
    .split('\n')
    .slice(-count)
    .map((line) => `  ${line.slice(0, 400)}`)
    .join('\n');
}
