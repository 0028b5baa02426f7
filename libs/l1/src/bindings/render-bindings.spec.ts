import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactError } from '../errors';
import { BOUND_CONTRACTS, readArtifact, renderBindings } from './render-bindings';

const root = join(__dirname, '..', '..', '..', '..');
const contractsDir = join(root, 'contracts');
const generatedDir = join(__dirname, '..', 'generated');

describe('generated bindings', () => {
  it('match the contracts as they compile now (regenerate with libs/l1/scripts/generate-bindings.ts)', async () => {
    // forge reuses its cache, so this costs a full compile only on a fresh clone.
    const build = spawnSync(join(root, 'node_modules', '.bin', 'forge'), ['build'], {
      cwd: contractsDir,
      encoding: 'utf8',
    });
    expect(build.stderr.includes('Error') ? build.stderr : build.status).toBe(0);
    for (const contract of BOUND_CONTRACTS) {
      const target = join(generatedDir, contract.file);
      const expected = renderBindings(contract, readArtifact(join(contractsDir, 'out'), contract.name), target);
      expect({ file: contract.file, upToDate: readFileSync(target, 'utf8') === expected }).toEqual({
        file: contract.file,
        upToDate: true,
      });
    }
  }, 300_000);
});

describe('readArtifact', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'l1-artifacts-'));
  const write = (name: string, artifact: unknown): void => {
    mkdirSync(join(outDir, `${name}.sol`), { recursive: true });
    writeFileSync(join(outDir, `${name}.sol`, `${name}.json`), JSON.stringify(artifact));
  };

  it('reads the ABI and bytecode', () => {
    write('Good', { abi: [], bytecode: { object: '0x6000', linkReferences: {} } });
    expect(readArtifact(outDir, 'Good').bytecode.object).toBe('0x6000');
  });

  it('refuses a missing artifact, naming forge build', () => {
    expect(() => readArtifact(outDir, 'Missing')).toThrow(ArtifactError);
    expect(() => readArtifact(outDir, 'Missing')).toThrow(/forge build/);
  });

  it('refuses an artifact without bytecode', () => {
    write('Abstract', { abi: [], bytecode: { object: '' } });
    expect(() => readArtifact(outDir, 'Abstract')).toThrow(/no ABI or bytecode/);
  });

  it('refuses a file that is not a forge artifact, saying where it breaks the schema', () => {
    mkdirSync(join(outDir, 'Torn.sol'), { recursive: true });
    writeFileSync(join(outDir, 'Torn.sol', 'Torn.json'), '{"abi": [');
    expect(() => readArtifact(outDir, 'Torn')).toThrow(/no ABI or bytecode \(forge artifact: \(root\) is not JSON\)/);
    write('NoAbi', { bytecode: { object: '0x6000' } });
    expect(() => readArtifact(outDir, 'NoAbi')).toThrow(/no ABI or bytecode \(forge artifact: \/abi /);
  });

  it('refuses an artifact that needs linking', () => {
    write('Linked', { abi: [], bytecode: { object: '0x6000', linkReferences: { 'src/L.sol': { L: [] } } } });
    expect(() => readArtifact(outDir, 'Linked')).toThrow(/linked/);
  });
});
