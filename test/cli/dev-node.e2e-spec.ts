import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Contract, JsonRpcProvider } from 'ethers';
import { privateKeyToAccount } from 'viem/accounts';
import { ANVIL_PRIVATE_KEYS, startAnvil, type AnvilProcess } from '@hotshot/l1';
import type { DevInfo } from '../../apps/demo/src/dev/dev-api';
import type { PosterState } from '../../apps/demo/src/dev/light-client-switch';
import { freePort } from '../support/free-port';
import { DIST_DIR } from '../support/network-harness';
import { GiveUpError, waitForProgress } from '../support/wait-for-progress';

const demoMain = path.join(DIST_DIR, 'apps', 'demo', 'src', 'main.js');

/**
 * `hotshot-demo dev` (issue 23, a dev node) as a rollup team runs it: one process that starts a one-node network,
 * anvil with the contracts and the light-client poster, prints where everything is, and serves the dev API. The
 * single node decides steadily with its API and /healthz answering; a transaction submitted through the API is
 * decided; HotShot.sol's height, read with ethers (a client nobody here wrote), advances, stops on hotshot-down
 * while the network keeps deciding, and advances again on hotshot-up; SIGTERM stops every process it started.
 */
describe('hotshot-demo dev', () => {
  // Generous: four processes start as slowly as a loaded machine makes them; every wait below is on progress.
  jest.setTimeout(600_000);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dev-node-test-'));
  let anvil: AnvilProcess | undefined;
  afterAll(async () => {
    // A failed test must not leave a dev node behind: each stops its own children on SIGTERM, and what a broken
    // one leaves after 30 s is killed.
    await Promise.all(started.filter((dev) => dev.child.exitCode === null).map(stopOrKill));
    await anvil?.stop();
    if (process.env.KEEP_NETWORK_LOGS !== '1') rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses bad flags with exit 2 and a clear message, and --help lists the dev API', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [demoMain, 'dev', ...args], { encoding: 'utf8', timeout: 60_000 });
    const unknown = run('--no-such-flag');
    expect({ status: unknown.status, stderr: unknown.stderr }).toEqual({
      status: 2,
      stderr: expect.stringContaining('unknown flag --no-such-flag') as string,
    });
    const port = run('--dev-port', 'x');
    expect(port.status).toBe(2);
    expect(port.stderr).toContain('--dev-port must be a whole number');
    const keyless = run('--l1-url', 'http://127.0.0.1:1');
    expect(keyless.status).toBe(2);
    expect(keyless.stderr).toContain('--l1-url needs the key of an L1 account');
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: hotshot-demo dev');
    for (const text of ['--l1-url', '--dev-port', 'GET /dev/info', 'POST /dev/hotshot-down', 'POST /dev/hotshot-up']) {
      expect(help.stdout).toContain(text);
    }
  });

  it('runs a one-node network with L1 and a dev API, freezes and resumes HotShot.sol, and stops cleanly', async () => {
    const runDir = path.join(tmp, 'run');
    const { dev: node, ports } = await startReady((free) => [
      '--run-dir',
      runDir,
      '--base-port',
      String(free.base),
      '--l1-port',
      String(free.l1),
      '--dev-port',
      String(free.dev),
    ]);

    // What it printed: the three URLs and the deployment.
    const apiUrl = `http://127.0.0.1:${ports.base + 1}`;
    const l1Url = `http://127.0.0.1:${ports.l1}`;
    const devUrl = `http://127.0.0.1:${ports.dev}`;
    const lines = node.stdout().split('\n');
    expect(lines[0]).toBe(`dev node: logs and data in ${runDir}`);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^sequencer API +${apiUrl} `)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^L1 RPC +${l1Url} \\(chain id 31337\\)$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^dev API +${devUrl} `)));
    const printed = (name: string): string =>
      lines
        .find((line) => line.startsWith(`${name} `))!
        .slice(name.length)
        .trim()
        .split(' ')[0]!;

    // GET /dev/info agrees with what was printed and with the deployment file.
    const info = await getJson<DevInfo>(`${devUrl}/dev/info`);
    const deployment = JSON.parse(readFileSync(path.join(runDir, 'deployment.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(info).toMatchObject({
      sequencerApiUrl: apiUrl,
      l1Url,
      l1ChainId: 31337,
      hotShotChainId: deployment.hotShotChainId,
      contracts: { hotShot: deployment.hotShot, rollup: deployment.rollup, verifier: deployment.verifier },
      namespace: 1,
      deployer: deployment.deployer,
      poster: { status: 'posting', frozenAt: null },
    });
    expect(printed('HotShot.sol')).toBe(info.contracts.hotShot);
    expect(printed('ZkEvmRollup.sol')).toBe(info.contracts.rollup);
    expect(printed('MockVerifier')).toBe(info.contracts.verifier);

    // A one-node network decides steadily, and its API and /healthz answer while it does.
    const first = await sequencerHeight(apiUrl);
    await waitForProgress({
      what: 'the single node to decide 30 more blocks, its /healthz answering 200 throughout',
      observe: async () => {
        if (node.child.exitCode !== null) throw new GiveUpError(`the dev node exited: ${node.stderr()}`);
        const health = await fetch(`${apiUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
        if (health.status !== 200) throw new Error(`/healthz answered ${health.status}`);
        return sequencerHeight(apiUrl);
      },
      done: (height) => height >= first + 30,
      stallMs: 30_000,
    });

    // A transaction submitted through the sequencer API is decided.
    const payload = Buffer.from(`dev node ${Date.now()}`);
    const submitted = await fetch(`${apiUrl}/v0/submit/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ namespace: 7, payload: payload.toString('base64') }),
    });
    expect(submitted.status).toBe(200);
    const hash = (await submitted.json()) as string;
    const decided = await waitForProgress({
      what: `transaction ${hash} decided`,
      observe: async () => {
        const response = await fetch(`${apiUrl}/v0/availability/transaction/hash/${hash}`);
        return response.status === 200
          ? ((await response.json()) as { height: number; namespace: number; payload: string })
          : undefined;
      },
      done: (found) => found !== undefined,
      progress: () => 'no measure of progress: a one-node network decides within seconds',
      stallMs: 60_000,
    });
    expect(decided).toMatchObject({ namespace: 7, payload: payload.toString('base64') });

    // HotShot.sol's height, read through ethers, advances.
    const provider = new JsonRpcProvider(l1Url, 31337, { staticNetwork: true, cacheTimeout: -1 });
    const hotShot = new Contract(info.contracts.hotShot, ['function blockHeight() view returns (uint64)'], provider);
    const l1Height = async (): Promise<number> => Number((await hotShot.getFunction('blockHeight')()) as bigint);
    const start = await l1Height();
    await waitForProgress({
      what: 'HotShot.sol on L1 to pass the decided transaction',
      observe: l1Height,
      done: (height) => height > start && height >= decided!.height,
      stallMs: 60_000,
    });

    // hotshot-down: HotShot.sol stops where the poster left it while the network keeps deciding past it.
    const down = await postJson<PosterState>(`${devUrl}/dev/hotshot-down`);
    expect(down.status).toBe('frozen');
    expect(down.frozenAt).not.toBeNull();
    const frozen = await l1Height();
    expect(down.l1Height).toBe(frozen);
    const frozenAtL1Block = await provider.getBlockNumber();
    const frozenSequencer = await sequencerHeight(apiUrl);
    // Long enough that a running poster would have posted: several more L1 blocks (anvil mines one a second) and
    // the network 30 blocks past the frozen height.
    const during = await waitForProgress({
      what: 'five L1 blocks and 30 sequencer blocks while HotShot is down',
      observe: async () => ({
        l1Block: await provider.getBlockNumber(),
        sequencer: await sequencerHeight(apiUrl),
        hotShot: await l1Height(),
      }),
      done: (seen) => seen.l1Block >= frozenAtL1Block + 5 && seen.sequencer >= Math.max(frozenSequencer, frozen) + 30,
      stallMs: 60_000,
    });
    expect(during.hotShot).toBe(frozen);
    expect(await getJson<DevInfo>(`${devUrl}/dev/info`)).toMatchObject({
      poster: { status: 'frozen', l1Height: frozen },
    });

    // hotshot-up: it advances again.
    const up = await postJson<PosterState>(`${devUrl}/dev/hotshot-up`);
    expect(up).toMatchObject({ status: 'posting', frozenAt: null });
    await waitForProgress({
      what: 'HotShot.sol on L1 to advance after hotshot-up',
      observe: l1Height,
      done: (height) => height > frozen,
      progress: () => 'no measure of progress until the first post',
      stallMs: 60_000,
    });
    expect(node.stdout()).toContain(`hotshot down: HotShot.sol stays at height ${frozen}; the network keeps deciding`);

    // The dev API refuses what it does not serve.
    expect((await fetch(`${devUrl}/dev/hotshot-down`)).status).toBe(405);
    expect((await fetch(`${devUrl}/dev/nothing`)).status).toBe(404);

    // SIGTERM: everything it started stops, by its own clean shutdown, and it exits 0.
    const children = childPids(node.child.pid!);
    expect(children.length).toBe(3); // anvil, cdn-server, sequencer0
    node.child.kill('SIGTERM');
    const code = await node.exited;
    expect({ code, stderr: node.stderr() }).toEqual({ code: 0, stderr: '' });
    expect(node.stdout().trim().split('\n').slice(-2)).toEqual(['stopping...', 'stopped']);
    expect(children.filter(isAlive)).toEqual([]);
    for (const name of ['sequencer0', 'cdn-server']) {
      expect(readFileSync(path.join(runDir, 'logs', `${name}.log`), 'utf8')).toContain('"msg":"stopped"');
    }
    expect(readdirSync(path.join(runDir, 'logs')).sort()).toEqual(
      ['anvil.log', 'cdn-server.log', 'deploy.log', 'poster.log', 'sequencer0.log'].sort(),
    );
  });

  it('--l1-url deploys to an existing L1 with the given key, refuses the demo key off anvil unless allowed, and leaves that L1 running', async () => {
    anvil = await startAnvil({ chainId: 1337, blockTime: 1 });
    const key = ANVIL_PRIVATE_KEYS[3]!;
    const account = privateKeyToAccount(key).address;
    const flags = (free: DevPorts): string[] => [
      '--l1-url',
      anvil!.url,
      '--base-port',
      String(free.base),
      '--dev-port',
      String(free.dev),
    ];

    // Chain 1337 is not anvil's default: the sequencer's public demo key is refused there, before anything starts.
    const refused = startDev([...flags(await freePorts()), '--run-dir', path.join(tmp, 'refused')], {
      DEV_L1_KEY: key,
    });
    expect(await refused.exited).toBe(2);
    expect(refused.stderr()).toContain('L1 chain 1337 is not anvil');
    expect(refused.stderr()).toContain('--allow-demo-keys');

    const runDir = path.join(tmp, 'external');
    const { dev, ports } = await startReady((free) => [...flags(free), '--allow-demo-keys', '--run-dir', runDir], {
      DEV_L1_KEY: key,
    });
    expect(dev.stdout()).not.toContain('starting anvil');
    const info = await getJson<DevInfo>(`http://127.0.0.1:${ports.dev}/dev/info`);
    expect(info).toMatchObject({ l1Url: anvil.url, l1ChainId: 1337, deployer: account, poster: { account } });

    const provider = new JsonRpcProvider(anvil.url, 1337, { staticNetwork: true, cacheTimeout: -1 });
    const hotShot = new Contract(info.contracts.hotShot, ['function blockHeight() view returns (uint64)'], provider);
    await waitForProgress({
      what: 'HotShot.sol on the given L1 to advance',
      observe: async () => Number((await hotShot.getFunction('blockHeight')()) as bigint),
      done: (height) => height > 0,
      progress: () => 'no measure of progress until the first post',
      stallMs: 60_000,
    });

    const children = childPids(dev.child.pid!);
    expect(children.length).toBe(2); // cdn-server, sequencer0: no anvil of its own
    dev.child.kill('SIGTERM');
    expect(await dev.exited).toBe(0);
    expect(children.filter(isAlive)).toEqual([]);
    // The L1 it was given is not its to stop.
    expect(await provider.getBlockNumber()).toBeGreaterThan(0);
    expect(readdirSync(path.join(runDir, 'logs')).sort()).toEqual(
      ['cdn-server.log', 'deploy.log', 'poster.log', 'sequencer0.log'].sort(),
    );
  });
});

interface DevProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves 'ready' once the dev node printed that it is up. */
  readonly ready: Promise<'ready'>;
  readonly exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

const started: DevProcess[] = [];

/** Ports for one dev node: the CDN (its sequencer's API on base + 1), anvil and the dev API. */
interface DevPorts {
  readonly base: number;
  readonly l1: number;
  readonly dev: number;
}

/** Ports that were free a moment ago (base + 1 too, most likely). */
async function freePorts(): Promise<DevPorts> {
  return { base: 20000 + ((await freePort()) % 20000), l1: await freePort(), dev: await freePort() };
}

/**
 * Starts a dev node and waits until it is ready. It checks its ports before it starts anything, so one taken
 * meanwhile makes it exit at once: then it gets others, up to three times.
 */
async function startReady(
  args: (ports: DevPorts) => string[],
  env: Record<string, string> = {},
): Promise<{ dev: DevProcess; ports: DevPorts }> {
  for (let attempt = 1; ; attempt++) {
    const ports = await freePorts();
    const dev = startDev(args(ports), env);
    const outcome = await Promise.race([dev.ready, dev.exited.then(() => 'exited' as const)]);
    if (outcome === 'ready') return { dev, ports };
    if (attempt === 3 || !/is in use/.test(dev.stderr())) {
      throw new Error(`the dev node exited (${dev.child.exitCode}): ${dev.stderr()}`);
    }
  }
}

function startDev(args: string[], env: Record<string, string> = {}): DevProcess {
  const child = spawn(process.execPath, [demoMain, 'dev', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  let onReady: (value: 'ready') => void = () => undefined;
  const ready = new Promise<'ready'>((resolve) => (onReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (/^ready; /m.test(stdout)) onReady('ready');
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const dev = { child, ready, exited, stdout: () => stdout, stderr: () => stderr };
  started.push(dev);
  return dev;
}

async function stopOrKill(dev: DevProcess): Promise<void> {
  const children = childPids(dev.child.pid!);
  dev.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([
    dev.exited.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 30_000))),
  ]);
  clearTimeout(timer);
  if (stopped) return;
  dev.child.kill('SIGKILL');
  for (const pid of children.filter(isAlive)) process.kill(pid, 'SIGKILL');
  await dev.exited;
}

async function sequencerHeight(apiUrl: string): Promise<number> {
  return getJson<number>(`${apiUrl}/v0/status/block-height`);
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

async function postJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

/** The processes whose parent is `pid` (Linux /proc). */
function childPids(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // Field 4 of stat is the parent; the command name (field 2) is in parentheses and may hold spaces.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
