import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoKeyPair, publicKeyToHex } from '@hotshot/crypto';
import { freePort } from '../../support/free-port';
import { FaultProxy } from './fault-proxy';
import { ManagedProcess, type UnexpectedExit } from './managed-process';
import { NodeApi } from './node-api';

/** The repository root (this file is test/faults/support/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The compiled apps the suite runs: FAULTS_DIST_DIR when set (a scratch build, so a run never races `npm run build`
 * rewriting dist/ under other tests), else the repository's dist/ that `npm test` has just built.
 */
export function distDir(): string {
  return path.resolve(process.env.FAULTS_DIST_DIR ?? path.join(REPO_ROOT, 'dist'));
}

/** Options of a fault network. */
export interface FaultNetworkOptions {
  readonly nodes: number;
  readonly viewTimeoutMs?: number;
  readonly startDelayMs?: number;
  /** Seed of the demo keys: node i holds demoKeyPair(keySeed, i). */
  readonly keySeed?: string;
  /** Called whenever a node stops in a way that loses its memory (kill, SIGTERM, wipe). */
  readonly onNodeStopped?: (index: number, atMs: number) => void;
  /** Further cdn-server flags (the send budget the member-flood fault runs against). */
  readonly brokerArgs?: readonly string[];
}

/**
 * cdn-server and N sequencers as real processes, each node talking to the broker through its own FaultProxy.
 * Unlike test/support's TestNetwork it keeps the broker on a fixed port across restarts, can replace a node's
 * process (a hostile one takes its key) and records every process exit it did not ask for.
 */
export class FaultNetwork {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'hotshot-faults-'));
  readonly unexpectedExits: UnexpectedExit[] = [];
  readonly proxies: FaultProxy[] = [];
  readonly apis: NodeApi[] = [];
  readonly keySeed: string;
  brokerPort = 0;
  brokerMetricsPort = 0;
  private broker: ManagedProcess | undefined;
  private readonly nodes: ManagedProcess[] = [];

  constructor(readonly options: FaultNetworkOptions) {
    this.keySeed = options.keySeed ?? 'fault-suite';
  }

  get size(): number {
    return this.options.nodes;
  }

  /** Starts the broker, the proxies and every node. */
  async start(): Promise<void> {
    const dist = distDir();
    const cdnMain = path.join(dist, 'apps', 'cdn-server', 'src', 'main.js');
    const sequencerMain = path.join(dist, 'apps', 'sequencer', 'src', 'main.js');
    for (const main of [cdnMain, sequencerMain]) {
      if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build, or set FAULTS_DIST_DIR)`);
    }
    this.brokerPort = await freePort();
    this.brokerMetricsPort = await freePort();
    this.broker = this.managed('cdn-server', cdnMain, [
      '-p',
      String(this.brokerPort),
      '-n',
      String(this.size),
      '--data-dir',
      path.join(this.dir, 'cdn'),
      '--metrics-port',
      String(this.brokerMetricsPort),
      '--view-timeout-ms',
      String(this.options.viewTimeoutMs ?? 2000),
      '--start-delay-ms',
      String(this.options.startDelayMs ?? 200),
      ...(this.options.brokerArgs ?? []),
    ]);
    this.broker.start();
    for (let i = 0; i < this.size; i++) {
      const proxy = new FaultProxy(this.brokerPort);
      await proxy.listen();
      this.proxies.push(proxy);
      const apiPort = await freePort();
      this.apis.push(new NodeApi(`http://127.0.0.1:${apiPort}`));
      this.nodes.push(
        this.managed(`node${i}`, sequencerMain, [
          '--cdn-url',
          `tcp://127.0.0.1:${proxy.port}`,
          '--key-seed',
          this.keySeed,
          '--key-index',
          String(i),
          '--api-port',
          String(apiPort),
          '--data-dir',
          this.dataDir(i),
        ]),
      );
    }
    for (const node of this.nodes) node.start();
  }

  private managed(name: string, main: string, args: string[]): ManagedProcess {
    return this.auxiliary(name, [main, ...args]);
  }

  /**
   * A further Node process of the run (a hostile member, the poster, the adaptor), logging into the run folder;
   * exits the harness did not ask for are recorded like the nodes'.
   */
  auxiliary(name: string, nodeArgs: readonly string[], env?: Record<string, string>): ManagedProcess {
    return new ManagedProcess(
      {
        name,
        command: process.execPath,
        args: nodeArgs,
        logFile: path.join(this.dir, `${name}.log`),
        cwd: REPO_ROOT,
        ...(env ? { env } : {}),
      },
      (exit) => this.unexpectedExits.push(exit),
    );
  }

  /** Node `index`'s API. */
  api(index: number): NodeApi {
    return this.apis[index]!;
  }

  /** Whether node `index`'s honest process runs. */
  isUp(index: number): boolean {
    return this.nodes[index]?.running ?? false;
  }

  /** Indices of the running nodes. */
  upNodes(): number[] {
    return this.nodes.flatMap((node, i) => (node.running ? [i] : []));
  }

  get brokerRunning(): boolean {
    return this.broker?.running ?? false;
  }

  /** The data directory of node `index`. */
  dataDir(index: number): string {
    return path.join(this.dir, `node${index}`);
  }

  /** The log file of a process (`cdn-server` or `node<i>`). */
  logFile(name: string): string {
    return path.join(this.dir, `${name}.log`);
  }

  /** Process ids of the running nodes and broker (for CPU accounting). */
  pids(): number[] {
    return [this.broker, ...this.nodes].flatMap((p) => (p?.pid === undefined ? [] : [p.pid]));
  }

  /** Stops node `index` with `signal` (SIGKILL is a crash); its mempool and everything in memory are gone. */
  async stopNode(index: number, signal: NodeJS.Signals): Promise<void> {
    const node = this.nodes[index]!;
    if (!node.running) return;
    await node.stop(signal);
    this.options.onNodeStopped?.(index, Date.now());
  }

  /**
   * Waits up to `timeoutMs` for node `index` to exit on its own, as a fault that must stop it expects (so the exit
   * is not recorded as a crash). Resolves with how it ended, or undefined when it still runs at the deadline.
   */
  async expectNodeExit(index: number, timeoutMs: number): Promise<string | undefined> {
    const node = this.nodes[index]!;
    if (!node.running) return describeExit(node);
    let timer: NodeJS.Timeout | undefined;
    const exited = await Promise.race([
      node.whenExited().then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (!exited) return undefined;
    this.options.onNodeStopped?.(index, Date.now());
    return describeExit(node);
  }

  /** How node `index`'s last process ended: its exit code, or the signal that ended it. */
  lastExit(index: number): string {
    return describeExit(this.nodes[index]!);
  }

  /** How the broker's last process ended. */
  brokerExit(): string {
    return this.broker ? describeExit(this.broker) : 'never started';
  }

  /** Starts node `index` again on its data directory. */
  startNode(index: number): void {
    if (!this.nodes[index]!.running) this.nodes[index]!.start();
  }

  /** Deletes node `index`'s data directory (the node must be stopped). */
  wipeNode(index: number): void {
    if (this.nodes[index]!.running) throw new Error(`node${index} is running; stop it before wiping`);
    rmSync(this.dataDir(index), { recursive: true, force: true });
  }

  /** Stops the broker (SIGKILL for a crash); the proxies stay, so nodes keep dialling their proxy. */
  async stopBroker(signal: NodeJS.Signals): Promise<void> {
    await this.broker?.stop(signal);
  }

  /** Starts the broker again on the same port and data directory (the roster survives). */
  startBroker(): void {
    if (this.broker && !this.broker.running) this.broker.start();
  }

  /** Every running node's block height (undefined for a node down or not answering). */
  async heights(): Promise<(number | undefined)[]> {
    return Promise.all(this.apis.map((api, i) => (this.isUp(i) ? api.blockHeight() : undefined)));
  }

  /** Waits until every node in `indices` has decided at least `height` blocks. */
  async waitForHeight(height: number, indices: readonly number[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const heights = await Promise.all(indices.map((i) => this.api(i).blockHeight()));
      if (heights.every((h) => h !== undefined && h >= height)) return;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for height ${height}: ${JSON.stringify(heights)} (logs in ${this.dir})`);
      }
      await sleep(250);
    }
  }

  /**
   * The stake-table index of the node holding demo key `keyIndex` (the broker numbers nodes in join order, so it
   * need not be `keyIndex`), as a running node's `/v0/config/hotshot` lists it.
   */
  async stakeIndexOf(keyIndex: number): Promise<number> {
    const publicKey = publicKeyToHex(demoKeyPair(this.keySeed, keyIndex).publicKey);
    for (const i of this.upNodes()) {
      try {
        const res = await fetch(`${this.api(i).baseUrl}/v0/config/hotshot`, { signal: AbortSignal.timeout(3000) });
        const body = (await res.json()) as { stakeTable: { index: number; publicKey: string }[] };
        const entry = body.stakeTable.find((e) => e.publicKey.toLowerCase() === publicKey.toLowerCase());
        if (entry) return entry.index;
      } catch {
        // Try the next node.
      }
    }
    throw new Error(`no running node lists demo key ${keyIndex} in its stake table`);
  }

  /** The broker's Prometheus text, or undefined when it does not answer. */
  async brokerMetricsText(): Promise<string | undefined> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.brokerMetricsPort}/metrics`, {
        signal: AbortSignal.timeout(3000),
      });
      return res.ok ? await res.text() : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stops everything; removes the folder unless `keep`. */
  async stop(keep = false): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop('SIGTERM')));
    await this.broker?.stop('SIGTERM');
    await Promise.all(this.proxies.map((proxy) => proxy.close()));
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `code 0`, `code 1` or `signal SIGTERM`. */
function describeExit(process: ManagedProcess): string {
  return process.lastSignal ? `signal ${process.lastSignal}` : `code ${process.lastExitCode}`;
}
