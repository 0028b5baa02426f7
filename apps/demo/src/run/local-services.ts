import { existsSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { anvilBinaryPath } from '@hotshot/l1';
import { BaseError } from '@hotshot/protocol';
import { shutdownSignal, sleep, type ShutdownSignal } from '@hotshot/telemetry';
import type { DemoService } from '../demo-services';
import type { ManagedProcess, ProcessGroup } from './process-group';

/** A startup step of a local network failed; the message names the log to read. */
export class DemoStartError extends BaseError {
  override name = 'DemoStartError';
  constructor(step: string, reason: string, details: Record<string, unknown> = {}) {
    super(`demo startup failed at ${step}: ${reason}`, { details });
  }
}

/** Where each binary's compiled entry point is, under dist/apps. */
const APP_DIRS: Readonly<Record<string, string>> = {
  'cdn-server': 'cdn-server',
  sequencer: 'sequencer',
  'hotshot-poster': 'hotshot-poster',
  'zkevm-adaptor': 'zkevm-adaptor',
  'zkevm-node': 'zkevm-node',
  'hotshot-demo': 'demo',
  'sequencer-signer': 'sequencer-signer',
};

/**
 * Starts a service of demo-services.ts as a local process of `group`: its binary (anvil from npm, ours from the build
 * this demo runs from) with the service's arguments and environment, plus `extraEnv`. `onLine` sees each stdout line.
 */
export function startService(
  group: ProcessGroup,
  service: DemoService,
  options: { readonly extraEnv?: Readonly<Record<string, string>>; readonly onLine?: (line: string) => void } = {},
): ManagedProcess {
  const [executable, ...prefix] = commandLine(service, buildRoot());
  return group.start(
    service.name,
    executable!,
    [...prefix, ...service.command.slice(1)],
    { ...service.environment, ...options.extraEnv },
    options.onLine,
  );
}

/** `[executable, ...args before the service's own]` for a service's binary, from the build at `build`. */
function commandLine(service: DemoService, build: string): string[] {
  const binary = service.command[0]!;
  if (binary === 'anvil') return [anvilBinaryPath()];
  const app = APP_DIRS[binary];
  if (!app) throw new DemoStartError(service.name, `no binary ${binary}`);
  const main = join(build, 'apps', app, 'src', 'main.js');
  if (!existsSync(main)) throw new DemoStartError(service.name, `${main} is missing; run npm run build`);
  return [process.execPath, main];
}

/**
 * The build the services start from: the one this file was compiled into (`<build>/apps/demo/src/run`), so a demo run
 * from a copy of dist/ (the under-load tests' snapshot) starts that copy's binaries, never the checkout's dist/,
 * which a rebuild empties meanwhile (issue 24); from source, the repository's dist/.
 */
function buildRoot(): string {
  const own = join(__dirname, '..', '..', '..', '..');
  if (existsSync(join(own, 'apps', 'demo', 'src', 'main.js'))) return own;
  return join(repositoryRoot(), 'dist');
}

/** The repository root: the nearest folder up from here with a package.json and dist or apps. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'apps')))) {
    const parent = dirname(dir);
    if (parent === dir) throw new DemoStartError('setup', 'cannot find the repository root');
    dir = parent;
  }
  return dir;
}

/**
 * Polls `ready` every 500 ms until it holds; throws DemoStartError naming `step` and the process's log when the
 * process exits first or `timeoutMs` passes. Returns early, without error, once `signal` aborts.
 */
export async function waitForService(
  step: string,
  process: ManagedProcess,
  signal: AbortSignal,
  timeoutMs: number,
  ready: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!signal.aborted) {
    if (await ready().catch(() => false)) return;
    if (process.child.exitCode !== null || process.child.signalCode !== null) {
      throw new DemoStartError(step, `${process.name} exited`, { log: process.logFile });
    }
    if (Date.now() > deadline) throw new DemoStartError(step, 'timed out', { log: process.logFile });
    await sleep(500, signal);
  }
}

/**
 * Waits for a one-shot step (register, deploy) to exit: resolves true once it exited 0, false when `signal` aborts
 * first; throws DemoStartError naming the step and its log when it exits with anything else.
 */
export async function completed(process: ManagedProcess, signal: AbortSignal): Promise<boolean> {
  const code = await Promise.race([process.exited, abortOf(signal)]);
  if (signal.aborted) return false;
  if (code !== 0) throw new DemoStartError(process.name, `it exited with ${code}`, { log: process.logFile });
  return true;
}

/** Whether a service's /healthz answers 200. */
export async function healthy(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return response.ok;
}

/** Whether an L1 JSON-RPC endpoint answers eth_chainId. */
export async function l1Answers(url: string): Promise<boolean> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}',
    signal: AbortSignal.timeout(2000),
  });
  return response.ok;
}

/**
 * The first SIGINT or SIGTERM aborts `signal` so the run stops cleanly; a second one stops waiting for that, kills
 * every process of `group` and exits 130. `dispose` stops listening once the network is down.
 */
export function abortOnSignals(group: Pick<ProcessGroup, 'killAll'>): ShutdownSignal {
  return shutdownSignal(undefined, {
    onRepeat: () => {
      group.killAll();
      process.exit(130);
    },
  });
}

/** Resolves once `signal` aborts (at once if it has). */
export function abortOf(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Throws DemoStartError naming the first port something already listens on; `hint` says which flags move them. */
export async function assertPortsFree(ports: readonly number[], hint: string): Promise<void> {
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) throw new DemoStartError('setup', `port ${port} is in use (another demo?); ${hint}`, { port });
  }
}
