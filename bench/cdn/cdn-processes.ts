import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** A cdn-server child process whose JSON log lines are watched for the ones a benchmark waits on. */
export class CdnProcess {
  private text = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  /** `entry`: a built main.js to run instead of the TypeScript source through tsx. */
  constructor(args: readonly string[], nodeArgs: readonly string[], entry: string | undefined) {
    const script = entry === undefined ? ['--import', 'tsx', join(root, 'apps/cdn-server/src/main.ts')] : [entry];
    this.child = spawn(process.execPath, [...nodeArgs, ...script, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // Only the start-up lines matter; stop keeping text once it is long, so a chatty process costs nothing.
    this.child.stdout!.on('data', (chunk: Buffer) => {
      if (this.text.length < 1 << 20) this.text += chunk.toString();
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Resolves with the first match of `pattern` in the log, once it is there (polling); rejects if the process exits. */
  async waitFor(pattern: RegExp, count = 1): Promise<RegExpExecArray> {
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const matches = [...this.text.matchAll(new RegExp(pattern.source, 'g'))];
      if (matches.length >= count) return matches[0] as RegExpExecArray;
      if (exited) throw new Error(`cdn-server exited before logging ${pattern.source}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** How many times `pattern` appears in the log so far. */
  count(pattern: RegExp): number {
    return [...this.text.matchAll(new RegExp(pattern.source, 'g'))].length;
  }

  /** Stops the process with SIGTERM and waits for it. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}
