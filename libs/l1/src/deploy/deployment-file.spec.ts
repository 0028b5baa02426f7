import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeploymentFileError } from '../errors';
import { readDeploymentFile, writeDeploymentFile, type Deployment } from './deployment-file';

describe('deployment file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deployment-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const deployment: Deployment = {
    l1ChainId: 31337,
    hotShotChainId: '35353',
    hotShot: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    rollup: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
    verifier: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
    namespace: 1,
    startHeight: 1,
    stakeTableSize: 5,
    deployedAtBlock: 1,
    deployer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  };

  it('reads back what it wrote', () => {
    const path = join(dir, 'nested', 'deployment.json');
    writeDeploymentFile(path, deployment);
    expect(readDeploymentFile(path)).toEqual(deployment);
  });

  it('says what is wrong with a missing file, bad JSON or a bad field', () => {
    expect(() => readDeploymentFile(join(dir, 'absent.json'))).toThrow(/does not exist \(run the deploy step first\)/);
    const path = join(dir, 'bad.json');
    for (const [text, message] of [
      ['not json', /is not JSON/],
      [JSON.stringify({ ...deployment, rollup: '0x12' }), /"rollup"/],
      [JSON.stringify({ ...deployment, namespace: -1 }), /"namespace"/],
      [JSON.stringify({ ...deployment, hotShotChainId: 35353 }), /"hotShotChainId"/],
    ] as const) {
      writeFileSync(path, text);
      expect(() => readDeploymentFile(path)).toThrow(DeploymentFileError);
      expect(() => readDeploymentFile(path)).toThrow(message);
    }
  });

  it.each<[string, (file: Record<string, unknown>) => unknown, RegExp]>([
    ['a missing field', ({ verifier: _verifier, ...rest }) => rest, /has no valid "verifier"/],
    ['a height as a string', (file) => ({ ...file, startHeight: '1' }), /has no valid "startHeight"/],
    ['a fractional namespace', (file) => ({ ...file, namespace: 1.5 }), /has no valid "namespace"/],
    ['an address nested in an object', (file) => ({ ...file, hotShot: { address: file.hotShot } }), /"hotShot"/],
    ['the whole file nested once more', (file) => ({ deployment: file }), /has no valid "l1ChainId"/],
    [
      'a huge array for a field',
      (file) => ({ ...file, deployer: Array.from({ length: 100_000 }, () => 0) }),
      /"deployer"/,
    ],
    ['an array for the whole file', (file) => [file], /is not a deployment: \(root\)/],
  ])('refuses a file with %s with a DeploymentFileError naming the field', (_what, mutate, message) => {
    const path = join(dir, 'shape.json');
    writeFileSync(path, JSON.stringify(mutate({ ...deployment })));
    expect(() => readDeploymentFile(path)).toThrow(DeploymentFileError);
    expect(() => readDeploymentFile(path)).toThrow(message);
  });

  it('checksums addresses written in lower case, and drops fields it does not know', () => {
    const path = join(dir, 'lower.json');
    writeFileSync(path, JSON.stringify({ ...deployment, rollup: deployment.rollup.toLowerCase(), later: 1 }));
    expect(readDeploymentFile(path)).toEqual(deployment);
  });
});
