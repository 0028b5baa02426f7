import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { GiveUpError, waitFor } from '../../support/wait-for-progress';

const root = join(__dirname, '..', '..', '..');

/** One JSON log line of the broker. */
export type LogLine = Record<string, unknown> & { level: string; msg: string };

/** `cdn-server` as a real child process, run from source through tsx. */
export class BrokerProcess {
  readonly logs: LogLine[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', join(root, 'apps/cdn-server/src/main.ts'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line.trim()) this.logs.push(JSON.parse(line) as LogLine);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Runs the broker to completion (for --help and startup failures) and returns its exit code and output. */
  static async run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'apps/cdn-server/src/main.ts'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, stdout, stderr };
  }

  /** Waits for a log line with message `msg` (starting through tsx on a loaded machine takes a while). */
  async logged(msg: string, capMs = 180_000): Promise<LogLine> {
    await waitFor(
      `the log line "${msg}"`,
      () => {
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
          throw new GiveUpError(`cdn-server exited before logging "${msg}" (stderr: ${this.stderr})`);
        }
        return this.logs.some((l) => l.msg === msg);
      },
      { capMs, intervalMs: 20, context: () => `stderr: ${this.stderr}` },
    );
    return this.logs.find((l) => l.msg === msg)!;
  }

  /** Pauses (SIGSTOP) or resumes (SIGCONT) the process: its event loop stalls as on a starved machine. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.child.kill(signal);
  }

  /** Sends `signal` and resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }

  /** Kills the process if a test left it running. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
