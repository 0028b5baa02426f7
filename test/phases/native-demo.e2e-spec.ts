import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { readLogFile } from '../support/log-file';
import { DIST_DIR } from '../support/network-harness';

const demoMain = path.join(DIST_DIR, 'apps', 'demo', 'src', 'main.js');

/**
 * `hotshot-demo run` (what `npm run demo` runs after building) as CI sees it, without a TTY: it names its run
 * directory, brings up anvil, registers the five validators in StakeTable.sol, then the CDN and five sequencers
 * (which both read that table from L1), the deploy step, the poster, the adaptor, the rollup node
 * and the load generator, prints the L2 JSON-RPC's URL and progress lines, ends by itself after --duration with
 * every process stopped, and prints the JSON summary with both L1 heights advanced and the rollup node's L2 block
 * (read from its /healthz) past genesis.
 */
describe('the native demo', () => {
  // Generous: the demo's processes start as slowly as a loaded machine makes them.
  jest.setTimeout(900_000);
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'hotshot-demo-test-'));
  afterAll(() => {
    if (process.env.KEEP_NETWORK_LOGS !== '1') rmSync(runDir, { recursive: true, force: true });
  });

  it('runs phase II for a set duration and prints a summary line', async () => {
    const { code, stdout, stderr, base } = await runDemo(runDir, 25);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });

    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`demo phase II: logs and data in ${runDir}`);
    expect(lines).toContain('registering the 5 validators in StakeTable.sol on L1...');
    expect(lines).toContain(`rollup L2 JSON-RPC for wallets: http://127.0.0.1:${base + 22} (chain id 1001)`);
    expect(
      lines.filter((line) =>
        /^\d+s \| height \d+ \| .* views\/s \| .* \| rollup \d+ \| L2 block .+ \(phase II\)$/.test(line),
      ).length,
    ).toBeGreaterThan(2);
    const summary = JSON.parse(lines.at(-1)!) as Record<string, number | string>;
    expect(Object.keys(summary)).toEqual([
      'phase',
      'height',
      'viewsPerSec',
      'p50Ms',
      'txPerSec',
      'l1HotShotHeight',
      'l1RollupHeight',
      'l1VerifiedHeight',
      'l2Block',
      'runDir',
    ]);
    expect(summary.phase).toBe(2);
    expect(summary.l1HotShotHeight).toBeGreaterThan(5);
    expect(summary.l1RollupHeight).toBeGreaterThan(0);
    expect(summary.l1RollupHeight).toBeLessThanOrEqual(summary.l1HotShotHeight as number);
    expect(summary.height).toBeGreaterThanOrEqual(summary.l1HotShotHeight as number);
    // The rollup node answered /healthz and executed what the adaptor sequenced; nothing verifies before phase III.
    expect(summary.l2Block).toBeGreaterThan(0);
    expect(summary.l1VerifiedHeight).toBe(0);
    expect(summary.viewsPerSec).toBeGreaterThan(0);
    expect(summary.txPerSec).toBeGreaterThan(0);
    expect(summary.p50Ms).toBeGreaterThan(0);
    expect(readdirSync(path.join(runDir, 'logs')).sort()).toEqual(
      [
        'adaptor',
        'anvil',
        'cdn-server',
        'deploy',
        'load',
        'register',
        'poster',
        'sequencer0',
        'sequencer1',
        'sequencer2',
        'sequencer3',
        'sequencer4',
        'zkevm-node',
      ]
        .map((name) => `${name}.log`)
        .sort(),
    );

    // The validator set came from L1, not from the order the nodes connected in.
    const logged = (name: string, msg: string) => logLines(path.join(runDir, 'logs', `${name}.log`), msg);
    expect(logged('register', 'registrations finalized')).toHaveLength(1);
    expect(logged('cdn-server', 'stake table read from L1')).toEqual([expect.objectContaining({ members: 5 })]);
    // A node checks every Welcome it gets, so a reconnect logs the line again.
    expect(logged('sequencer0', 'Welcome matches the stake table on L1')).toContainEqual(
      expect.objectContaining({ members: 5 }),
    );
  });

  it('runs with one sequencer-signer holding every key (--remote-signer), and the network decides', async () => {
    const signerRunDir = path.join(runDir, 'remote-signer');
    const { code, stdout, stderr } = await runDemo(signerRunDir, 15, ['--remote-signer']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trim().split('\n');
    expect(lines).toContain('starting one sequencer-signer holding the 5 keystores...');
    const summary = JSON.parse(lines.at(-1)!) as Record<string, number | string>;
    expect(summary.height).toBeGreaterThan(5);
    expect(summary.l1HotShotHeight).toBeGreaterThan(0);

    const logged = (name: string, msg: string) => logLines(path.join(signerRunDir, 'logs', `${name}.log`), msg);
    const [listening] = logged('signer', 'signer listening');
    expect(listening!.publicKeys).toHaveLength(5);
    // No node holds a key: each names the signer as where its key is, and the signer holds exactly those five.
    const nodeKeys = [0, 1, 2, 3, 4].map((i) => logged(`sequencer${i}`, 'node key')[0]);
    for (const nodeKey of nodeKeys) expect(nodeKey).toMatchObject({ source: 'remote signer' });
    expect(nodeKeys.map((nodeKey) => nodeKey!.publicKey)).toEqual(listening!.publicKeys);
    expect(readdirSync(path.join(signerRunDir, 'signer'))).toContain('protection.db');
  });
});

/**
 * Runs `hotshot-demo run --phase 2` for `duration` seconds. The demo checks every port it needs before it starts
 * anything; a block of ports taken meanwhile gets another.
 */
async function runDemo(
  dir: string,
  duration: number,
  extra: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string; base: number }> {
  let result = { code: null as number | null, stdout: '', stderr: '' };
  let base = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    base = 20000 + ((await freePort()) % 20000);
    const args = [demoMain, 'run', '--phase', '2', '--duration', String(duration), '--run-dir', dir, ...extra];
    args.push('--base-port', String(base), '--l1-port', String(await freePort()), '--rate', '5');
    result = await run(args);
    if (!/is in use/.test(result.stderr)) break;
  }
  return { ...result, base };
}

/** The JSON log lines of one process whose `msg` is the given one. */
function logLines(file: string, msg: string): Record<string, unknown>[] {
  return readLogFile(file).filter((entry) => entry.msg === msg);
}

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}
