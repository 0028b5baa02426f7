/**
 * A five-member etcd cluster on loopback, the yardstick of the network bench: each member has its own data
 * directory under one temporary folder and its own client and peer ports on 127.0.0.1. As a LoadTarget, a
 * submission is a put over etcd's v3 HTTP/JSON gateway; etcd answers a put after Raft has committed it, so the
 * answer is the decision.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../test/support/free-port';
import { GiveUpError, waitForProgress } from '../../test/support/wait-for-progress';
import { postJson } from './http-post';
import { readCounter } from './hotshot-target';
import type { LoadTarget } from './load-generator';

/** Where Debian's etcd-server package puts the binary; else the first `etcd` on PATH. */
const CANDIDATES = ['/usr/bin/etcd', 'etcd'];

/** The etcd binary and its version line, or undefined when none runs here. */
export function findEtcd(): { bin: string; version: string } | undefined {
  for (const bin of CANDIDATES) {
    if (bin.startsWith('/') && !existsSync(bin)) continue;
    const result = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (result.status === 0) return { bin, version: /etcd Version: (\S+)/.exec(result.stdout)?.[1] ?? 'unknown' };
  }
  return undefined;
}

interface Member {
  readonly name: string;
  readonly clientUrl: string;
  readonly peerUrl: string;
  child?: ChildProcess;
}

/** Five etcd members on 127.0.0.1, started by start() and stopped by stop(). */
export class EtcdCluster implements LoadTarget {
  readonly system = 'etcd';
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'bench-etcd-'));
  private readonly list: Member[] = [];
  private committedAt = new Map<string, number>();

  constructor(
    private readonly bin: string,
    readonly members = 5,
  ) {}

  /** Starts every member with the whole cluster as its initial cluster and waits until each reports healthy. */
  async start(): Promise<void> {
    for (let i = 0; i < this.members; i++) {
      this.list.push({
        name: `m${i}`,
        clientUrl: `http://127.0.0.1:${await freePort()}`,
        peerUrl: `http://127.0.0.1:${await freePort()}`,
      });
    }
    const initialCluster = this.list.map((m) => `${m.name}=${m.peerUrl}`).join(',');
    for (const member of this.list) {
      const child = spawn(
        this.bin,
        [
          '--name',
          member.name,
          '--data-dir',
          path.join(this.dir, member.name),
          '--listen-client-urls',
          member.clientUrl,
          '--advertise-client-urls',
          member.clientUrl,
          '--listen-peer-urls',
          member.peerUrl,
          '--initial-advertise-peer-urls',
          member.peerUrl,
          '--initial-cluster',
          initialCluster,
          '--initial-cluster-state',
          'new',
          '--initial-cluster-token',
          path.basename(this.dir),
          '--logger',
          'zap',
          '--log-level',
          'warn',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const log = createWriteStream(path.join(this.dir, `${member.name}.log`), { flags: 'a' });
      child.stdout.pipe(log);
      child.stderr.pipe(log);
      member.child = child;
    }
    await waitForProgress({
      what: 'every etcd member healthy',
      observe: () =>
        Promise.all(
          this.list.map(async (m) => {
            const child = m.child;
            if (!child || child.exitCode !== null || child.signalCode !== null) {
              throw new GiveUpError(`etcd member ${m.name} exited; log in ${this.dir}`);
            }
            try {
              const res = await fetch(`${m.clientUrl}/health`, { signal: AbortSignal.timeout(10_000) });
              return ((await res.json()) as { health?: string }).health === 'true';
            } catch {
              return false;
            }
          }),
        ),
      done: (healthy) => healthy.every(Boolean),
      stallMs: 60_000,
      capMs: 120_000,
      context: () => `logs in ${this.dir}`,
    });
  }

  pids(): number[] {
    return this.list.flatMap((m) => (m.child?.pid === undefined ? [] : [m.child.pid]));
  }

  async begin(): Promise<void> {
    this.committedAt = new Map();
  }

  async submit(member: number, payload: Uint8Array, n: number, runIndex: number): Promise<string> {
    const key = `bench/${runIndex}/${n}`;
    const { status, text } = await postJson(
      `${this.list[member]!.clientUrl}/v3/kv/put`,
      JSON.stringify({ key: Buffer.from(key).toString('base64'), value: Buffer.from(payload).toString('base64') }),
    );
    if (status < 200 || status >= 300) throw new Error(`etcd put failed with ${status}: ${text.slice(0, 200)}`);
    this.committedAt.set(key, Date.now());
    return key;
  }

  async settle(ids: ReadonlySet<string>): Promise<Map<string, number>> {
    // A put is answered only once committed: what was accepted is decided, at the moment of its answer.
    return new Map([...ids].flatMap((id) => (this.committedAt.has(id) ? [[id, this.committedAt.get(id)!]] : [])));
  }

  async counters(): Promise<Record<string, number[]>> {
    const leaderChanges = await Promise.all(
      this.list.map(async (m) => {
        try {
          const res = await fetch(`${m.clientUrl}/metrics`, { signal: AbortSignal.timeout(30_000) });
          return readCounter(await res.text(), 'etcd_server_leader_changes_seen_total');
        } catch {
          return Number.NaN;
        }
      }),
    );
    return { leaderChanges };
  }

  extras(): Record<string, number | null> {
    return {};
  }

  /** Stops every member (SIGTERM, SIGKILL after 10 s) and removes the folder unless `keep`. */
  async stop(keep = false): Promise<void> {
    await Promise.all(
      this.list.map(async (m) => {
        const child = m.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
  }
}
