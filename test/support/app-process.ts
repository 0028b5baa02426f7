import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { GiveUpError, waitFor } from './wait-for-progress';

const root = join(__dirname, '..', '..');

/** One JSON log line of a binary. */
export type LogLine = Record<string, unknown> & { level: string; msg: string };

/** `apps/<app>` as a real child process, run from source through tsx, its JSON log lines collected. */
export class AppProcess {
  readonly logs: LogLine[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  protected readonly child: ChildProcess;

  /** Starts `apps/<app>/src/main.ts` with `args`; `env` adds to this process's environment. */
  constructor(
    readonly app: string,
    args: readonly string[],
    env: Readonly<Record<string, string>> = {},
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', AppProcess.main(app), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
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

  /** The source entry point of `app`. */
  static main(app: string): string {
    return join(root, 'apps', app, 'src', 'main.ts');
  }

  /** Waits for a log line with message `msg` (starting through tsx on a loaded machine takes a while). */
  async logged(msg: string, capMs = 180_000): Promise<LogLine> {
    await waitFor(
      `the log line "${msg}"`,
      () => {
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
          throw new GiveUpError(`${this.app} exited before logging "${msg}" (stderr: ${this.stderr})`);
        }
        return this.logs.some((l) => l.msg === msg);
      },
      { capMs, intervalMs: 20, context: () => `stderr: ${this.stderr}` },
    );
    return this.logs.find((l) => l.msg === msg)!;
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
