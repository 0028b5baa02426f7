import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DIST_DIR } from '../support/network-harness';

const root = path.join(__dirname, '..', '..');

/**
 * A demo run from a copy of the build starts that copy's binaries, not the checkout's dist/ (issue 24: the native
 * demo ran from the under-load snapshot, started its services from dist/, and failed with "main.js is missing" when
 * another rebuild emptied dist/ meanwhile).
 */
describe('the demo', () => {
  it('starts its services from the build it runs from', () => {
    // Under node_modules, as the under-load snapshot is, so the copy's requires still find the packages. A fresh
    // clone has no node_modules/.cache yet.
    const cache = path.join(root, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const copy = path.join(mkdtempSync(path.join(cache, 'demo-build-')), 'dist');
    try {
      cpSync(DIST_DIR, copy, { recursive: true });
      const localServices = path.join(copy, 'apps', 'demo', 'src', 'run', 'local-services.js');
      // A group that records what it would start instead of starting it.
      const script = `
        const { startService } = require(${JSON.stringify(localServices)});
        const group = { start: (name, executable, args) => process.stdout.write(JSON.stringify({ executable, args })) };
        startService(group, { name: 'cdn-server', command: ['cdn-server', '--help'], environment: {}, dependsOn: {}, ports: [] });
      `;
      const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const started = JSON.parse(run.stdout) as { executable: string; args: string[] };
      expect(started).toEqual({
        executable: process.execPath,
        args: [path.join(copy, 'apps', 'cdn-server', 'src', 'main.js'), '--help'],
      });
    } finally {
      rmSync(path.dirname(copy), { recursive: true, force: true });
    }
  });
});
