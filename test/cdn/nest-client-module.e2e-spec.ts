import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startBroker, waitUntil } from './support/cdn-fixtures';

const root = join(__dirname, '..', '..');

describe('CdnClientModule', () => {
  // Above the 30 s caps of the waits inside, which fail first and name what did not happen.
  jest.setTimeout(180_000);
  it('provides a CdnClient that starts with the Nest application and stops with it', async () => {
    const { broker, port } = await startBroker(1);
    try {
      // A child process: Nest 12 is ESM-only, which Jest on Node 20 cannot require; tsx can.
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(__dirname, 'support/nest-client-probe.ts'), String(port)],
        {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toEqual([{ nodeIndex: 0, state: 'ready' }, { state: 'stopped' }]);
      await waitUntil(() => broker.metrics.disconnectsFor('peer_closed') === 1, 'the node to leave');
    } finally {
      await broker.close();
    }
  });
});
