import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { AppProcess } from '../../support/app-process';

const root = join(__dirname, '..', '..', '..');

export type { LogLine } from '../../support/app-process';

/** `cdn-server` as a real child process, run from source through tsx. */
export class BrokerProcess extends AppProcess {
  constructor(args: readonly string[]) {
    super('cdn-server', args);
  }

  /** Runs the broker to completion (for --help and startup failures) and returns its exit code and output. */
  static async run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', AppProcess.main('cdn-server'), ...args], {
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

  /** Pauses (SIGSTOP) or resumes (SIGCONT) the process: its event loop stalls as on a starved machine. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.child.kill(signal);
  }
}
