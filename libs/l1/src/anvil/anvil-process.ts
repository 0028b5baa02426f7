import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { AnvilStartError } from '../errors';

/** How to start anvil. */
export interface AnvilOptions {
  /** TCP port; default 0, a free one chosen by anvil. */
  readonly port?: number;
  /** Default `prague`, the first hardfork with the EIP-2537 precompiles HotShot.sol needs. */
  readonly hardfork?: string;
  /** Seconds between blocks; default none (a block per transaction). */
  readonly blockTime?: number;
  /** Milliseconds to wait for anvil to listen; default 20,000. */
  readonly startTimeoutMs?: number;
  /** Chain id; default anvil's 31337. */
  readonly chainId?: number;
  /** When true, anvil mines only on `evm_mine` (an execution engine that a caller drives block by block). */
  readonly noMining?: boolean;
  /** Genesis block timestamp in seconds; default the current time. */
  readonly genesisTimestamp?: number;
  /** Anvil's finalized block trails its head by twice this; default anvil's 32 (64 blocks). */
  readonly slotsInAnEpoch?: number;
}

/** A running anvil. */
export interface AnvilProcess {
  /** Its JSON-RPC URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Stops it (SIGTERM) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** Anvil's private keys for its default mnemonic: funded, well known, for local chains only. */
export const ANVIL_PRIVATE_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
] as const;

/** Starts anvil from the npm package @foundry-rs/anvil and resolves when it listens. */
export function startAnvil(options: AnvilOptions = {}): Promise<AnvilProcess> {
  const args = ['--port', String(options.port ?? 0), '--hardfork', options.hardfork ?? 'prague'];
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  if (options.chainId !== undefined) args.push('--chain-id', String(options.chainId));
  if (options.noMining) args.push('--no-mining');
  if (options.genesisTimestamp !== undefined) args.push('--timestamp', String(options.genesisTimestamp));
  if (options.slotsInAnEpoch !== undefined) args.push('--slots-in-an-epoch', String(options.slotsInAnEpoch));
  const child = spawn(anvilBinaryPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise<AnvilProcess>((resolve, reject) => {
    let output = '';
    const fail = (error: AnvilStartError): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new AnvilStartError('it did not listen in time', { output: output.slice(-500) })),
      options.startTimeoutMs ?? 20_000,
    );
    const onError = (cause: Error): void => fail(new AnvilStartError('the binary did not run', {}, cause));
    const onExit = (code: number | null): void =>
      fail(new AnvilStartError('it exited', { code, output: output.slice(-500) }));
    child.once('error', onError);
    child.once('exit', onExit);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on [^:\s]+:(\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off('error', onError);
      child.off('exit', onExit);
      // Anvil logs every request: keep reading so a full pipe never blocks it, but keep nothing.
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      child.stderr?.removeAllListeners('data');
      child.stderr?.resume();
      const port = Number(match[1]);
      resolve({ url: `http://127.0.0.1:${port}`, port, stop: () => stop(child, exited) });
    });
  });
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}

/** The platform binary of @foundry-rs/anvil, without the Node wrapper process in between. */
export function anvilBinaryPath(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const name = `@foundry-rs/anvil-${process.platform}-${arch}`;
  try {
    const dir = dirname(require.resolve(`${name}/package.json`));
    return join(dir, 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
  } catch (cause) {
    throw new AnvilStartError(`no ${name} package for this platform`, { platform: process.platform, arch }, cause);
  }
}
