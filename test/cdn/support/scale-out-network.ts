import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/free-port';
import { GiveUpError, waitFor, waitForProgress } from '../../support/wait-for-progress';
import { REDIS_URL, deletePrefix, randomPrefix } from './scale-out-fixtures';

const root = join(__dirname, '..', '..', '..');
/** The build to run: `dist/` by default (npm test builds first), or a scratch build while others rebuild dist/. */
const dist = process.env.HOTSHOT_DIST_DIR ?? join(root, 'dist');
const cdnMain = join(dist, 'apps', 'cdn-server', 'src', 'main.js');
const sequencerMain = join(dist, 'apps', 'sequencer', 'src', 'main.js');

/** One JSON log line of a CDN process. */
type LogLine = Record<string, unknown> & { msg: string };

/** A process of the network, with its log file and, for CDN processes, its parsed log lines. */
class Proc {
  readonly logs: LogLine[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(
    script: string,
    args: readonly string[],
    readonly logFile: string,
    parse: boolean,
  ) {
    const log = createWriteStream(logFile, { flags: 'a' });
    this.child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
    if (parse) {
      let pending = '';
      this.child.stdout!.on('data', (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines) {
          try {
            this.logs.push(JSON.parse(line) as LogLine);
          } catch {
            // not a log line
          }
        }
      });
    }
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
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
 * sequencer nodes, all child processes built from `dist/`. Every process logs to a file in one temporary folder.
 */
export class ScaleOutNetwork {
  readonly dir = mkdtempSync(join(tmpdir(), 'hotshot-scale-out-'));
  readonly prefix = randomPrefix();
  marshalPort = 0;
  readonly apiPorts: number[] = [];
  private marshal: Proc | undefined;
  private readonly brokers = new Map<string, Proc>();
  private readonly nodes: Proc[] = [];

  constructor(
    readonly options: { readonly nodes: number; readonly brokers: readonly string[]; readonly viewTimeoutMs: number },
  ) {}

  /** Starts the marshal, the brokers (once the marshal has defined the network) and the nodes. */
  async start(): Promise<void> {
    if (!existsSync(cdnMain) || !existsSync(sequencerMain)) {
      throw new Error(`no build at ${dist}: run npm run build (or set HOTSHOT_DIST_DIR to a scratch build)`);
    }
    this.marshalPort = await freePort();
    const redis = ['--redis-url', REDIS_URL, '--redis-prefix', this.prefix, '--registry-heartbeat-ms', '500'];
    this.marshal = new Proc(
      cdnMain,
      [
        ...['--role', 'marshal', '-p', String(this.marshalPort), '-n', String(this.options.nodes), ...redis],
        ...['--view-timeout-ms', String(this.options.viewTimeoutMs), '--start-delay-ms', '200'],
      ],
      join(this.dir, 'marshal.log'),
      true,
    );
    for (const id of this.options.brokers) {
      const args = ['--role', 'broker', '-p', '0', '--broker-id', id, ...redis, '--heartbeat-interval-ms', '1000'];
      this.brokers.set(id, new Proc(cdnMain, args, join(this.dir, `${id}.log`), true));
    }
    await this.waitForLog(this.marshal, 'listening');
    for (const broker of this.brokers.values()) await this.waitForLog(broker, 'broker registered');
    for (let i = 0; i < this.options.nodes; i++) {
      this.apiPorts.push(await freePort());
      const args = [
        ...['--cdn-url', `tcp://127.0.0.1:${this.marshalPort}`, '--key-seed', 'scale-out', '--key-index', String(i)],
        ...['--api-port', String(this.apiPorts[i]), '--data-dir', join(this.dir, `node${i}`)],
      ];
      this.nodes.push(new Proc(sequencerMain, args, join(this.dir, `node${i}.log`), false));
    }
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

  /** Log lines of the marshal with message `msg`. */
  marshalLogs(msg: string): LogLine[] {
    return this.marshal!.logs.filter((l) => l.msg === msg);
  }

  /** Kills a broker with SIGKILL, as a crash: it neither unregisters nor closes its connections politely. */
  async killBroker(id: string): Promise<void> {
    await this.brokers.get(id)!.stop('SIGKILL');
  }

  /** Node `index`'s decided block count, or undefined when it does not answer. */
  async blockHeight(index: number): Promise<number | undefined> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.apiPorts[index]}/v0/status/block-height`, {
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
   * height rises, or a node that does not answer yet is still writing its log); fails after `stallMs` without.
   */
  async waitForHeight(height: number, stallMs = 90_000): Promise<void> {
    await waitForProgress({
      what: `height ${height} on every node`,
      observe: () => this.heights(),
      done: (heights) => heights.every((h) => h !== undefined && h >= height),
      progress: (heights) => heights.map((h, i) => h ?? `starting, log ${this.nodes[i]!.logBytes} B`),
      stallMs,
      context: () => `logs in ${this.dir}`,
    });
  }

  /** Header commitments of node `index` for heights [1, upTo). */
  async commitments(index: number, upTo: number): Promise<string[]> {
    const out: string[] = [];
    for (let h = 1; h < upTo; h++) {
      const res = await fetch(`http://127.0.0.1:${this.apiPorts[index]}/v0/availability/leaf/${h}`, {
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok) throw new Error(`node ${index} has no leaf ${h}: ${res.status}`);
      out.push(((await res.json()) as { headerCommitment: string }).headerCommitment);
    }
    return out;
  }

  /** Stops every process, deletes the Redis keys and, unless `keep`, the folder. */
  async stop(keep = false): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop('SIGTERM')));
    await Promise.all([...this.brokers.values()].map((broker) => broker.stop('SIGTERM')));
    await this.marshal?.stop('SIGTERM');
    await deletePrefix(this.prefix);
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitForLog(proc: Proc, msg: string): Promise<void> {
    await waitFor(
      `the log line "${msg}" in ${proc.logFile}`,
      () => {
        if (!proc.running) throw new GiveUpError(`a CDN process exited before logging "${msg}" (logs in ${this.dir})`);
        return proc.logs.some((l) => l.msg === msg);
      },
      { capMs: 180_000, intervalMs: 50, context: () => `logs in ${this.dir}` },
    );
  }
}
