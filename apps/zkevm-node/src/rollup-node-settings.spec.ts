import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, parseCommandLine } from '@hotshot/config';
import { DeploymentMismatchError, writeDeploymentFile, type Deployment } from '@hotshot/l1';
import { phaseOf, resolveRollupNodeSettings } from './rollup-node-settings';
import { zkevmNodeFlags } from './zkevm-node.flags';

const KEY = `0x${'11'.repeat(32)}`;
const deployment: Deployment = {
  l1ChainId: 31337,
  hotShotChainId: '35353',
  hotShot: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  rollup: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  verifier: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
  namespace: 7,
  startHeight: 3,
  stakeTableSize: 4,
  deployedAtBlock: 1,
  deployer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
};

describe('phaseOf', () => {
  it('reads --phase, and --integrated as phase 3', () => {
    expect(phaseOf({ phase: '1', integrated: false })).toBe(1);
    expect(phaseOf({ phase: '2', integrated: false })).toBe(2);
    expect(phaseOf({ phase: '3', integrated: false })).toBe(3);
    expect(phaseOf({ phase: '1', integrated: true })).toBe(3);
    expect(phaseOf({ phase: '3', integrated: true })).toBe(3);
  });

  it('refuses --integrated with --phase 2, which asks for a separate adaptor', () => {
    expect(() => phaseOf({ phase: '2', integrated: true })).toThrow(ConfigError);
  });
});

describe('resolveRollupNodeSettings', () => {
  let dir: string;
  let deploymentFile: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'zkevm-settings-'));
    deploymentFile = path.join(dir, 'deployment.json');
    writeDeploymentFile(deploymentFile, deployment);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const resolve = (argv: string[], env: Record<string, string> = {}) => {
    const base = ['--l1-url', 'http://127.0.0.1:8545', '--sequencer-url', 'http://127.0.0.1:50001'];
    const parsed = parseCommandLine(zkevmNodeFlags, [...base, '--deployment', deploymentFile, ...argv], env);
    if (parsed.kind !== 'run') throw new Error('expected a run');
    return resolveRollupNodeSettings(parsed.values);
  };

  it('types the flags once, with their defaults, and reads the deployment file', () => {
    expect(resolve(['--namespace', '7'])).toEqual({
      phase: 1,
      preconf: false,
      l1Url: 'http://127.0.0.1:8545',
      l1Key: undefined,
      deployment,
      namespace: 7,
      sequencerUrl: 'http://127.0.0.1:50001',
      l2ChainId: 1001,
      enginePort: 0,
      rpc: { host: '127.0.0.1', port: 8547 },
      pollIntervalMs: 1000,
      logLevel: 'info',
    });
    expect(resolve(['--namespace', '7', '--phase', '2', '--preconf'])).toMatchObject({ phase: 2, preconf: true });
  });

  it('runs phase 3 preconfirmed with the L1 key from the environment or a file', () => {
    expect(resolve(['--namespace', '7', '--integrated'], { ZKEVM_L1_KEY: KEY })).toMatchObject({
      phase: 3,
      preconf: true,
      l1Key: KEY,
    });
    const keyFile = path.join(dir, 'l1.key');
    writeFileSync(keyFile, `${KEY.slice(2)}\n`, { mode: 0o600 });
    expect(resolve(['--namespace', '7', '--phase', '3', '--l1-key-file', keyFile]).l1Key).toBe(KEY);
  });

  it('refuses phase 3 without a key, before anything starts', () => {
    expect(() => resolve(['--namespace', '7', '--integrated'])).toThrow(
      'the L1 key (--l1-key-file or ZKEVM_L1_KEY) is required',
    );
  });

  it('refuses a namespace that is not the deployment’s, and a missing deployment file', () => {
    expect(() => resolve(['--namespace', '8'])).toThrow(DeploymentMismatchError);
    const parsed = parseCommandLine(
      zkevmNodeFlags,
      ['--l1-url', 'http://x:1', '--sequencer-url', 'http://x:2', '--deployment', path.join(dir, 'none.json')],
      {},
    );
    if (parsed.kind !== 'run') throw new Error('expected a run');
    expect(() => resolveRollupNodeSettings(parsed.values)).toThrow('does not exist');
  });
});
