import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const bins = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;

/** Every binary the package installs answers --help truthfully, and the toolchain from npm runs offline. */
describe('installed binaries', () => {
  it.each(Object.entries(bins))('%s --help exits 0 with its usage', (name, file) => {
    const result = spawnSync(process.execPath, [path.join(root, file), '--help'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Usage: ${name}`);
  });

  it.each(Object.entries(bins))('%s refuses an unknown flag with exit 2', (_name, file) => {
    const result = spawnSync(process.execPath, [path.join(root, file), '--no-such-flag'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    // Single-command binaries say "unknown flag", multi-command ones "unknown command": both name the token.
    expect(result.stderr).toContain('--no-such-flag');
  });

  it('refuses flags that parse alone but not together with exit 2 (zkevm-node --integrated --phase 2)', () => {
    const result = spawnSync(
      process.execPath,
      [
        path.join(root, bins['zkevm-node']!),
        '--integrated',
        '--phase',
        '2',
        '--l1-url',
        'http://127.0.0.1:1',
        '--sequencer-url',
        'http://127.0.0.1:1',
      ],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--integrated is phase 3');
  });

  it.each(['forge', 'anvil', 'just'])('%s --version runs from node_modules', (tool) => {
    const result = spawnSync(path.join(root, 'node_modules', '.bin', tool), ['--version'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\d+\.\d+\.\d+/);
  });
});
