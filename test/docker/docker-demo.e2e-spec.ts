import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  parseEther,
  type Address,
  type Hash,
  type PublicClient,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ANVIL_PRIVATE_KEYS, hotShotAbi, zkEvmRollupAbi } from '@hotshot/l1';
import {
  DEFAULT_DEMO_PORTS,
  DEMO_NODES,
  DEMO_PHASES,
  DEMO_ROLLUP_CHAIN_ID,
  phaseNumeral,
  rollupRpcPort,
  sequencerApiPort,
  type DemoPhase,
} from '../../apps/demo/src/demo-services';

const root = path.resolve(__dirname, '..', '..');
const JUST = path.join(root, 'node_modules', '.bin', 'just');
/** The compose project the justfile runs (scripts/demo/compose.sh). */
/** DOCKER_DEMO_PHASES=3 (or "1,3") runs only those phases: CI runs phase III, which covers the integrated path. */
const PHASES: readonly DemoPhase[] = process.env.DOCKER_DEMO_PHASES
  ? DEMO_PHASES.filter((phase) => process.env.DOCKER_DEMO_PHASES!.split(',').includes(String(phase)))
  : DEMO_PHASES;
const PROJECT = 'hotshot-ts';
const IMAGE = 'hotshot-ts:local';
const ports = DEFAULT_DEMO_PORTS;
const l1Url = `http://127.0.0.1:${ports.l1}`;
const l2Url = `http://127.0.0.1:${rollupRpcPort(ports)}`;
/** Anvil's account 3: funded on every anvil genesis (the rollup's engine is one), used by no demo service. */
const L2_SENDER = privateKeyToAccount(ANVIL_PRIVATE_KEYS[3]!);
const l2Chain = defineChain({
  id: DEMO_ROLLUP_CHAIN_ID,
  name: 'demo rollup',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [l2Url] } },
});

/**
 * `just demo` as a user runs it, on a real Docker engine (`npm run test:docker`; the default Jest run leaves it out).
 * The image builds without the build and test toolchain; then for each phase `just demo-background N` brings the
 * network up and returns once every service is ready, every sequencer's height advances, HotShot's and the rollup's
 * heights advance on L1, the L2 JSON-RPC answers with chain id 1001 and executes a transfer signed with viem, phase
 * III verifies state roots on L1 (the root is the rollup node's own), and `just down` leaves no container, network or
 * volume of the project behind.
 */
describe('the docker demo network', () => {
  beforeAll(async () => {
    // A demo left running (or a failed run) holds the ports; the test starts from nothing.
    await justOk(['down'], 300_000);
  }, 300_000);

  afterAll(async () => {
    await just(['down'], 300_000);
  }, 300_000);

  it('builds one image with node 22, the binaries and production dependencies only', async () => {
    // The first build installs and compiles everything (minutes); later ones reuse the cached layers.
    await justOk(['demo-build'], 1_800_000);
    const check = await run(
      'docker',
      [
        'run',
        '--rm',
        IMAGE,
        'bash',
        '-c',
        [
          'node --version',
          // Every binary docker-compose.yaml names, on PATH.
          'for b in anvil cdn-server sequencer hotshot-poster zkevm-adaptor zkevm-node hotshot-demo; do command -v $b >/dev/null || echo "missing $b"; done',
          // The native BLS module for glibc loads.
          "node -e \"require('/app/node_modules/@chainsafe/blst'); console.log('blst ok')\"",
          'for t in g++ make python3; do command -v $t >/dev/null && echo "toolchain $t"; done',
          // (typescript is not among them: @nestjs/swagger and viem's abitype need it at run time.)
          'for d in jest @nestjs/cli @swc/core eslint prettier @foundry-rs/forge; do test -e /app/node_modules/$d && echo "dev dependency $d"; done',
          'true',
        ].join('; '),
      ],
      120_000,
    );
    expect({ code: check.code, stderr: check.stderr }).toEqual({ code: 0, stderr: '' });
    expect(check.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^v22\./), 'blst ok']);
    const size = await run('docker', ['image', 'inspect', IMAGE, '--format', '{{.Size}}'], 60_000);
    process.stdout.write(`docker demo: image ${IMAGE} is ${(Number(size.stdout) / 1e6).toFixed(0)} MB\n`);
  }, 1_900_000);

  it.each(PHASES)(
    'phase %s: `just demo-background` brings it up, it makes progress on L2 and L1, `just down` removes it',
    async (phase) => {
      const started = Date.now();
      try {
        await justOk(['demo-background', String(phase)], 900_000);
        process.stdout.write(
          `docker demo: phase ${phaseNumeral(phase)} ready in ${Math.round((Date.now() - started) / 1000)}s\n`,
        );
        await checkNetwork(phase);
      } finally {
        await justOk(['down'], 300_000);
      }
      expect(await leftovers()).toEqual({ containers: '', networks: '', volumes: '' });
      process.stdout.write(
        `docker demo: phase ${phaseNumeral(phase)} up, checked and down in ${Math.round((Date.now() - started) / 1000)}s\n`,
      );
    },
    1_500_000,
  );
});

async function checkNetwork(phase: DemoPhase): Promise<void> {
  // Every sequencer decides: its height passes what it was at first.
  await Promise.all(
    Array.from({ length: DEMO_NODES }, async (_, i) => {
      const url = `http://127.0.0.1:${sequencerApiPort(ports, i)}/v0/status/block-height`;
      const first = await json<number>(url);
      await waitUntil(
        `sequencer${i}'s height to pass ${first}`,
        180_000,
        async () => (await json<number>(url)) > first,
      );
    }),
  );

  const deployment = JSON.parse((await containerOk('poster', ['cat', '/data/deployment.json'])).stdout) as {
    hotShot: Address;
    rollup: Address;
    startHeight: number;
  };
  const l1 = createPublicClient({ transport: http(l1Url, { timeout: 10_000 }) });
  const hotShotHeight = async () =>
    Number(await l1.readContract({ address: deployment.hotShot, abi: hotShotAbi, functionName: 'blockHeight' }));
  const rollupRead = async (functionName: 'sequencedHeight' | 'verifiedHeight') =>
    Number(await l1.readContract({ address: deployment.rollup, abi: zkEvmRollupAbi, functionName }));
  // The poster and the rollup's batches reach L1, and keep coming.
  const firstHotShot = await hotShotHeight();
  await waitUntil(`HotShot.sol's height to pass ${firstHotShot}`, 240_000, async () => {
    return (await hotShotHeight()) > firstHotShot;
  });
  const firstRollup = await rollupRead('sequencedHeight');
  await waitUntil(`the rollup's sequenced height to pass ${firstRollup}`, 240_000, async () => {
    return (await rollupRead('sequencedHeight')) > firstRollup;
  });

  const l2 = createPublicClient({ chain: l2Chain, transport: http(l2Url, { timeout: 30_000 }) });
  expect(await l2.getChainId()).toBe(DEMO_ROLLUP_CHAIN_ID);
  const recipient = privateKeyToAccount(generatePrivateKey()).address;
  const wallet = createWalletClient({
    account: L2_SENDER,
    chain: l2Chain,
    transport: http(l2Url, { timeout: 30_000 }),
  });
  // The RPC answers "try again" when the sequencer did not take a transaction (busy under the load generator):
  // a wallet sends again, and so does this, for a while.
  let hash: Hash | undefined;
  await waitUntil('the L2 JSON-RPC to take a signed transfer', 120_000, async () => {
    try {
      hash = await wallet.sendTransaction({ to: recipient, value: parseEther('1') });
      return true;
    } catch (error) {
      if (!/try again/.test(String(error))) throw error;
      process.stdout.write(
        `docker demo: the L2 JSON-RPC said to try again: ${(error as Error).message.split('\n')[0]}\n`,
      );
      return false;
    }
  });
  const receipt = await l2.waitForTransactionReceipt({ hash: hash!, timeout: 300_000, pollingInterval: 1000 });
  expect(receipt.status).toBe('success');
  expect(await l2.getBalance({ address: recipient })).toBe(parseEther('1'));

  if (phase === 3) {
    await checkVerifiedRoot(l1, l2, deployment);
  } else {
    // Only phase III's integrated node posts state roots.
    expect(await rollupRead('verifiedHeight')).toBe(0);
  }
}

/** L1 verifies a height, and the state root it holds is the rollup node's own at that L2 block. */
async function checkVerifiedRoot(
  l1: PublicClient,
  l2: PublicClient,
  deployment: { rollup: Address; startHeight: number },
): Promise<void> {
  const verified = async () => {
    // One L1 block for both reads, so a verification mined in between cannot pair one height with another's root.
    const blockNumber = await l1.getBlockNumber();
    const read = (functionName: 'verifiedHeight' | 'stateRoot') =>
      l1.readContract({ address: deployment.rollup, abi: zkEvmRollupAbi, functionName, blockNumber });
    const [height, stateRoot] = await Promise.all([read('verifiedHeight'), read('stateRoot')]);
    return { height: Number(height), stateRoot: stateRoot as Hash };
  };
  await waitUntil('L1 to verify a state root', 300_000, async () => (await verified()).height > 0);
  const root = await verified();
  const blockNumber = BigInt(root.height - deployment.startHeight + 1);
  await waitUntil(`the rollup node to serve L2 block ${blockNumber}`, 120_000, async () => {
    return (await l2.getBlockNumber()) >= blockNumber;
  });
  expect((await l2.getBlock({ blockNumber })).stateRoot).toBe(root.stateRoot);
}

/** What `just down` must leave: no container, network or volume of the project. */
async function leftovers(): Promise<{ containers: string; networks: string; volumes: string }> {
  const list = async (args: string[]) => (await runOk('docker', args, 60_000)).stdout.trim();
  return {
    containers: await list(['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`]),
    networks: await list(['network', 'ls', '-q', '--filter', `name=${PROJECT}_`]),
    volumes: await list(['volume', 'ls', '-q', '--filter', `name=${PROJECT}_`]),
  };
}

/** Runs `command` in the running container of compose service `service`. */
async function containerOk(service: string, command: string[]): Promise<Result> {
  const ids = await runOk(
    'docker',
    [
      'ps',
      '-q',
      '--filter',
      `label=com.docker.compose.project=${PROJECT}`,
      '--filter',
      `label=com.docker.compose.service=${service}`,
    ],
    60_000,
  );
  const id = ids.stdout.trim().split('\n')[0];
  if (!id) throw new Error(`no running container of service ${service}`);
  return runOk('docker', ['exec', id, ...command], 60_000);
}

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return (await response.json()) as T;
}

/** Polls `condition` (errors count as not yet) every second until it holds; fails naming `what` after `limitMs`. */
async function waitUntil(what: string, limitMs: number, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + limitMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await condition()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`waited ${limitMs / 1000}s for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function just(args: string[], timeoutMs: number): Promise<Result> {
  return run(JUST, args, timeoutMs);
}

/** Runs a just recipe and fails with its output's tail unless it exits 0. */
async function justOk(args: string[], timeoutMs: number): Promise<Result> {
  return runOk(JUST, args, timeoutMs);
}

async function runOk(command: string, args: string[], timeoutMs: number): Promise<Result> {
  const result = await run(command, args, timeoutMs);
  if (result.code !== 0) {
    throw new Error(
      `${path.basename(command)} ${args.join(' ')} exited ${result.code}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-5000)}`,
    );
  }
  return result;
}

function run(command: string, args: string[], timeoutMs: number): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) => resolve({ code: null, stdout, stderr: `${stderr}${error.message}` }));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
