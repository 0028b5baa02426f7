import { spawn } from 'node:child_process';
import { anvilBinaryPath } from '@hotshot/l1';
import { EngineError } from '../errors';

/** The L2 execution engine: an anvil that mines only when told to. */
export interface EngineProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/** How to start the engine. */
export interface EngineOptions {
  readonly chainId: number;
  /** 0 lets anvil choose a free port. */
  readonly port: number;
  readonly startTimeoutMs?: number;
}

/**
 * Starts anvil as the rollup's execution engine: the rollup's chain id, no mining of its own (the node mines one
 * block per HotShot height) and a fixed genesis timestamp, so every node's genesis block is the same and any HotShot
 * timestamp comes after it. `startAnvil` in libs/l1 takes none of these flags, hence this spawner.
 */
export function startEngine(options: EngineOptions): Promise<EngineProcess> {
  const args = ['--port', String(options.port), '--chain-id', String(options.chainId), '--no-mining'];
  args.push('--timestamp', '1', '--hardfork', 'prague');
  const child = spawn(anvilBinaryPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<EngineProcess>((resolve, reject) => {
    let output = '';
    const fail = (error: EngineError): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new EngineError('did not listen in time', { output: output.slice(-500) })),
      options.startTimeoutMs ?? 20_000,
    );
    const onError = (cause: Error): void => fail(new EngineError('binary did not run', {}, cause));
    const onExit = (code: number | null): void => fail(new EngineError('exited', { code, output: output.slice(-500) }));
    child.once('error', onError);
    child.once('exit', onExit);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on [^:\s]+:(\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off('error', onError);
      child.off('exit', onExit);
      // Anvil logs every request: keep draining its pipes so it never blocks, but keep nothing.
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      child.stderr.removeAllListeners('data');
      child.stderr.resume();
      resolve({
        url: `http://127.0.0.1:${match[1]}`,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
