import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** How to run one process of the network under test. */
export interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** A process that ended without the harness asking: a crash, whatever the exit code. */
export interface UnexpectedExit {
  readonly name: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly atMs: number;
  readonly logFile: string;
}

/**
 * One long-running process with its log file. The harness stops it with `stop(signal)`; any other exit is recorded
 * as unexpected, so "nothing crashes" is checked for every process the suite starts.
 */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  /** Starts so far (an incarnation number for acknowledgements). */
  incarnation = 0;
  lastStartedAtMs = 0;
  /** Exit code of the last incarnation that ended (null when a signal ended it). */
  lastExitCode: number | null = null;
  /** The signal that ended the last incarnation, if one did. */
  lastSignal: NodeJS.Signals | null = null;

  constructor(
    readonly spec: ProcessSpec,
    private readonly onUnexpectedExit: (exit: UnexpectedExit) => void,
  ) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the process; its stdout and stderr append to the log file. */
  start(): void {
    if (this.child) throw new Error(`${this.spec.name} is already running`);
    const log = createWriteStream(this.spec.logFile, { flags: 'a' });
    const child = spawn(this.spec.command, [...this.spec.args], {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    this.child = child;
    this.stopping = false;
    this.incarnation++;
    this.lastStartedAtMs = Date.now();
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.child = undefined;
        this.lastExitCode = code;
        this.lastSignal = signal;
        if (!this.stopping) {
          this.onUnexpectedExit({
            name: this.spec.name,
            code,
            signal,
            atMs: Date.now(),
            logFile: this.spec.logFile,
          });
        }
        // Let the pipes flush what the process wrote last before the log closes.
        setTimeout(() => log.end(), 50);
        resolve();
      });
    });
  }

  /** Sends `signal` and waits for the exit; SIGKILL follows after `graceMs` if it lingers. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Waits for a process that ends on its own (a one-shot tool) and returns its exit code. */
  async whenExited(): Promise<number | null> {
    this.stopping = true;
    await this.exited;
    return this.lastExitCode;
  }
}
