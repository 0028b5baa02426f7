import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A child process of the demo with its log file. */
export interface ManagedProcess {
  readonly name: string;
  readonly logFile: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) once it has exited. */
  readonly exited: Promise<number | string>;
}

/**
 * Starts the demo's processes, each in its own process group (so Ctrl-C reaches only the demo, which then stops
 * them in order), with stdout and stderr in `<runDir>/logs/<name>.log`, and stops them in reverse start order.
 */
export class ProcessGroup {
  private readonly processes: ManagedProcess[] = [];

  constructor(private readonly runDir: string) {}

  /**
   * Starts `executable args` in the run directory with `env` added to this process's environment.
   * `onLine` sees each stdout line (the load generator's progress).
   */
  start(
    name: string,
    executable: string,
    args: readonly string[],
    env: Readonly<Record<string, string>>,
    onLine?: (line: string) => void,
  ): ManagedProcess {
    const logFile = join(this.runDir, 'logs', `${name}.log`);
    const log: WriteStream = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(executable, [...args], {
      cwd: this.runDir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    if (onLine) createInterface({ input: child.stdout! }).on('line', onLine);
    const exited = new Promise<number | string>((resolve) => {
      child.once('error', () => resolve('spawn-failed'));
      child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    });
    void exited.then(() => log.end());
    const managed = { name, logFile, child, exited };
    this.processes.push(managed);
    return managed;
  }

  /** Processes still running. */
  running(): ManagedProcess[] {
    return this.processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  }

  /** Stops every process, last started first: SIGTERM, then SIGKILL after `graceMs`. */
  async stopAll(graceMs = 10_000): Promise<void> {
    for (const managed of [...this.processes].reverse()) await stop(managed, graceMs);
  }

  /** Kills whatever still runs at once (the demo itself is exiting). */
  killAll(): void {
    for (const managed of this.running()) managed.child.kill('SIGKILL');
  }
}

async function stop(managed: ManagedProcess, graceMs: number): Promise<void> {
  const { child } = managed;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await managed.exited;
  clearTimeout(timer);
}
