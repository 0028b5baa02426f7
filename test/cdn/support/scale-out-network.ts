import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GiveUpError, waitFor, waitForProgress } from '../../support/wait-for-progress';
import { REDIS_URL, deletePrefix, randomPrefix } from './scale-out-fixtures';

const root = join(__dirname, '..', '..', '..');
/** The build to run: `dist/` by default (npm test builds first), or a scratch build while others rebuild dist/. */
const dist = process.env.HOTSHOT_DIST_DIR ?? join(root, 'dist');
const cdnMain = join(dist, 'apps', 'cdn-server', 'src', 'main.js');
const sequencerMain = join(dist, 'apps', 'sequencer', 'src', 'main.js');

/** One JSON log line of a process of the network. */
type LogLine = Record<string, unknown> & { msg: string };

/** A process of the network, with its log file and the parsed log lines it keeps (`keep`: all of a CDN process's). */
class Proc {
  readonly logs: LogLine[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(
    readonly name: string,
    script: string,
    args: readonly string[],
    readonly logFile: string,
    keep: (line: LogLine) => boolean,
  ) {
    const log = createWriteStream(logFile, { flags: 'a' });
    this.child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
    let pending = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        let parsed: LogLine;
        try {
          parsed = JSON.parse(line) as LogLine;
        } catch {
          continue; // not a log line
        }
        if (keep(parsed)) this.logs.push(parsed);
      }
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** The first kept log line with message `msg`. */
  logged(msg: string): LogLine | undefined {
    return this.logs.find((l) => l.msg === msg);
  }

  /** How the process ended (`exited 1`, `killed by SIGKILL`), for failure messages; undefined while it runs. */
  get ending(): string | undefined {
    if (this.child.exitCode !== null) return `exited ${this.child.exitCode}`;
    if (this.child.signalCode !== null) return `killed by ${this.child.signalCode}`;
    return undefined;
  }

  /** The last `count` lines of its log file, each cut to 300 characters. */
  lastLines(count: number): string {
    let text = '';
    try {
      text = readFileSync(this.logFile, 'utf8');
    } catch {
      // no log yet
    }
    if (text.trim() === '') return '';
    return text
      .trimEnd()
      .split('\n')
      .slice(-count)
      .map((line) => `  ${line.slice(0, 300)}`)
      .join('\n');
  }

  /** Bytes of log written so far: a process starting up on a loaded machine is slow, not stuck, while this grows. */
  get logBytes(): number {
    try {
      return statSync(this.logFile).size;
    } catch {
      return 0;
    }
  }

  /** Pauses (SIGSTOP) or resumes (SIGCONT) the process: its event loop stalls as on a starved machine. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.child.kill(signal);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(signal: NodeJS.Signals): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * The scale-out CDN (a marshal and several brokers over the local Redis, under a key prefix of its own) and N real
 * sequencer nodes, all child processes built from `dist/`. Every process logs to a file in one temporary folder, kept
 * when a wait fails.
 *
 * Every process binds a port of the OS's choosing (port 0) and the harness reads it from the process's log: a port
 * picked in advance is only free a moment ago, and a node binds its API only after loading, tens of seconds later on a
 * loaded machine, while every other suite's outgoing connections draw local ports from the same range. A node whose
 * port was taken exits with EADDRINUSE before it joins, and the four others then wait at height 0 for a roster that
 * never fills (issue 24: all three tests of scale-out-consensus failed so).
 */
export class ScaleOutNetwork {
  readonly dir = mkdtempSync(join(tmpdir(), 'hotshot-scale-out-'));
  readonly prefix = randomPrefix();
  marshalPort = 0;
  private marshal: Proc | undefined;
  private readonly brokers = new Map<string, Proc>();
  private readonly nodes: Proc[] = [];
  /** Set when a wait failed: stop() then keeps the logs whatever the test asked. */
  private failed = false;

  constructor(
    readonly options: {
      readonly nodes: number;
      readonly brokers: readonly string[];
      readonly viewTimeoutMs: number;
      /** The roster from StakeTable.sol: the marshal reads it (instead of -n) and every node checks Welcome against it. */
      readonly l1StakeTable?: { readonly l1Url: string; readonly address: string };
    },
  ) {}

  /** Starts the marshal, the brokers (once the marshal has defined the network) and the nodes. */
  async start(): Promise<void> {
    if (!existsSync(cdnMain) || !existsSync(sequencerMain)) {
      throw new Error(`no build at ${dist}: run npm run build (or set HOTSHOT_DIST_DIR to a scratch build)`);
    }
    const redis = ['--redis-url', REDIS_URL, '--redis-prefix', this.prefix, '--registry-heartbeat-ms', '500'];
    const all = () => true;
    const l1 = this.options.l1StakeTable;
    const l1Flags = l1 ? ['--l1-url', l1.l1Url, '--stake-table', l1.address] : [];
    this.marshal = new Proc(
      'marshal',
      cdnMain,
      [
        ...['--role', 'marshal', '-p', '0', ...(l1 ? l1Flags : ['-n', String(this.options.nodes)]), ...redis],
        ...['--view-timeout-ms', String(this.options.viewTimeoutMs), '--start-delay-ms', '200'],
      ],
      join(this.dir, 'marshal.log'),
      all,
    );
    for (const id of this.options.brokers) {
      const args = ['--role', 'broker', '-p', '0', '--broker-id', id, ...redis, '--heartbeat-interval-ms', '1000'];
      this.brokers.set(id, new Proc(id, cdnMain, args, join(this.dir, `${id}.log`), all));
    }
    await this.waitForLog(this.marshal, 'listening');
    this.marshalPort = Number(this.marshal.logged('listening')!.port);
    for (const broker of this.brokers.values()) await this.waitForLog(broker, 'broker registered');
    for (let i = 0; i < this.options.nodes; i++) {
      const args = [
        ...['--cdn-url', `tcp://127.0.0.1:${this.marshalPort}`, '--key-seed', 'scale-out', '--key-index', String(i)],
        ...['--api-port', '0', '--data-dir', join(this.dir, `node${i}`)],
        ...l1Flags,
      ];
      // A node's own log is long: keep only the line that names its API's address.
      const keep = (line: LogLine) => line.msg === 'api listening';
      this.nodes.push(new Proc(`node ${i}`, sequencerMain, args, join(this.dir, `node${i}.log`), keep));
    }
  }

  /** Node `index`'s API, `http://127.0.0.1:<port>`, once the node has logged it. */
  apiUrl(index: number): string | undefined {
    const url = this.nodes[index]?.logged('api listening')?.url;
    return typeof url === 'string' ? url : undefined;
  }

  /** The broker node `index` (roster index) last authenticated on, from the brokers' logs. */
  brokerOf(index: number): string | undefined {
    let latest: { id: string; at: number } | undefined;
    for (const [id, broker] of this.brokers) {
      for (const line of broker.logs) {
        if ((line.msg === 'node joined' || line.msg === 'node reconnected') && line.index === index) {
          const at = Date.parse(String(line.time));
          if (!latest || at >= latest.at) latest = { id, at };
        }
      }
    }
    return latest?.id;
  }

  /** Log lines of a broker with message `msg`. */
  brokerLogs(id: string, msg: string): LogLine[] {
    return this.brokers.get(id)!.logs.filter((l) => l.msg === msg);
  }

  /** Node `index`'s whole log so far. */
  nodeLog(index: number): string {
    return readFileSync(this.nodes[index]!.logFile, 'utf8');
  }

  /** Log lines of the marshal with message `msg`. */
  marshalLogs(msg: string): LogLine[] {
    return this.marshal!.logs.filter((l) => l.msg === msg);
  }

  /** Kills a broker with SIGKILL, as a crash: it neither unregisters nor closes its connections politely. */
  async killBroker(id: string): Promise<void> {
    await this.brokers.get(id)!.stop('SIGKILL');
  }

  /** Node `index`'s decided block count, or undefined when it does not answer (or its API is not up yet). */
  async blockHeight(index: number): Promise<number | undefined> {
    const api = this.apiUrl(index);
    if (api === undefined) return undefined;
    try {
      const res = await fetch(`${api}/v0/status/block-height`, {
        signal: AbortSignal.timeout(10_000),
      });
      return res.ok ? ((await res.json()) as number) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Every node's height (undefined for a node that does not answer). */
  heights(): Promise<(number | undefined)[]> {
    return Promise.all(this.nodes.map((_, i) => this.blockHeight(i)));
  }

  /** Stalls broker `id`'s event loop (SIGSTOP) until resumeBroker: it neither renews its registration nor reads. */
  pauseBroker(id: string): void {
    this.brokers.get(id)!.signal('SIGSTOP');
  }

  /** Resumes a broker paused by pauseBroker. */
  resumeBroker(id: string): void {
    this.brokers.get(id)!.signal('SIGCONT');
  }

  /**
   * Waits until every node has decided at least `height` blocks, for as long as the network makes progress (a
   * height rises, or a node that does not answer yet is still writing its log); fails after `stallMs` without, and
   * at once when a node has exited (the others cannot start without it).
   */
  async waitForHeight(height: number, stallMs = 90_000): Promise<void> {
    await this.track(
      waitForProgress({
        what: `height ${height} on every node`,
        observe: () => {
          this.giveUpIfANodeExited();
          return this.heights();
        },
        done: (heights) => heights.every((h) => h !== undefined && h >= height),
        progress: (heights) => heights.map((h, i) => h ?? `starting, log ${this.nodes[i]!.logBytes} B`),
        stallMs,
        context: () => this.describe(),
      }),
    );
  }

  /**
   * Waits until `done` holds of the nodes' brokers (by roster index, see brokerOf), for as long as nodes keep moving
   * between brokers; fails after `stallMs` without a move, naming where each node is.
   */
  async waitForPlacement(
    what: string,
    done: (placement: readonly (string | undefined)[]) => boolean,
    stallMs = 90_000,
  ): Promise<void> {
    await this.track(
      waitForProgress({
        what,
        observe: () => {
          this.giveUpIfANodeExited();
          return this.nodes.map((_, i) => this.brokerOf(i) ?? 'on no broker');
        },
        done: (placement) => done(placement.map((b) => (b === 'on no broker' ? undefined : b))),
        stallMs,
        intervalMs: 100,
        context: () => this.describe(),
      }),
    );
  }

  /**
   * Where the logs are, and every process that has exited with its last log lines (a failure message is all CI
   * keeps).
   */
  describe(): string {
    const parts = [`logs in ${this.dir}`];
    for (const proc of [this.marshal, ...this.brokers.values(), ...this.nodes]) {
      const ending = proc?.ending;
      if (proc && ending) parts.push(`${proc.name} ${ending}, last log lines:\n${proc.lastLines(3) || '  (none)'}`);
    }
    return parts.join('\n');
  }

  /** Header commitments of node `index` for heights [1, upTo). */
  async commitments(index: number, upTo: number): Promise<string[]> {
    const out: string[] = [];
    for (let h = 1; h < upTo; h++) {
      const res = await fetch(`${this.apiUrl(index)}/v0/availability/leaf/${h}`, {
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok) throw new Error(`node ${index} has no leaf ${h}: ${res.status}`);
      out.push(((await res.json()) as { headerCommitment: string }).headerCommitment);
    }
    return out;
  }

  /** Stops every process, deletes the Redis keys and, unless `keep` or a wait failed, the folder. */
  async stop(keep = false): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop('SIGTERM')));
    await Promise.all([...this.brokers.values()].map((broker) => broker.stop('SIGTERM')));
    await this.marshal?.stop('SIGTERM');
    await deletePrefix(this.prefix);
    if (!keep && !this.failed) rmSync(this.dir, { recursive: true, force: true });
  }

  /** A node that exited cannot come back (nothing restarts it): no wait on the nodes can succeed. */
  private giveUpIfANodeExited(): void {
    if (this.nodes.some((node) => node.ending !== undefined)) {
      throw new GiveUpError(`a node exited, so the network cannot go on without it (${this.describe()})`);
    }
  }

  /** Marks the network failed when `wait` fails, so stop() keeps the logs its message names. */
  private async track<T>(wait: Promise<T>): Promise<T> {
    try {
      return await wait;
    } catch (error) {
      this.failed = true;
      throw error;
    }
  }

  private async waitForLog(proc: Proc, msg: string): Promise<void> {
    await this.track(
      waitFor(
        `the log line "${msg}" in ${proc.logFile}`,
        () => {
          if (!proc.running) throw new GiveUpError(`${proc.name} exited before logging "${msg}" (${this.describe()})`);
          return proc.logs.some((l) => l.msg === msg);
        },
        { capMs: 180_000, intervalMs: 50, context: () => this.describe() },
      ),
    );
  }
}
