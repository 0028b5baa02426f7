import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoKeysRefusedError, parseCommandLine } from '@hotshot/config';
import { ANVIL_PRIVATE_KEYS, startAnvil, type AnvilProcess } from '@hotshot/l1';
import { JsonLogger } from '@hotshot/telemetry';
import { deployCommand } from './deploy-command';
import { deployFlags } from './deploy.flags';

/** `hotshot-demo deploy --key-seed` against a real L1 that is not anvil's chain 31337 (issue 17, finding 11). */
describe('hotshot-demo deploy with demo keys off anvil', () => {
  jest.setTimeout(60_000);
  let l1: AnvilProcess;
  const dir = mkdtempSync(join(tmpdir(), 'deploy-demo-keys-'));
  beforeAll(async () => {
    l1 = await startAnvil({ chainId: 11155111 });
  });
  afterAll(async () => {
    await l1.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const flags = (extra: string[]) => {
    const out = join(dir, `deployment-${extra.length}.json`);
    const parsed = parseCommandLine(
      deployFlags,
      ['--l1-url', l1.url, '--key-seed', 'demo', '--nodes', '2', '--out', out, '--wait-seconds', '10', ...extra],
      { DEPLOY_L1_KEY: ANVIL_PRIVATE_KEYS[0] },
    );
    if (parsed.kind !== 'run') throw new Error('flags did not parse');
    return { values: parsed.values, out };
  };

  it('refuses with a usage error before deploying anything, and says how to mean it', async () => {
    const { values, out } = flags([]);
    const run = deployCommand(values, new JsonLogger({ level: 'error' }));
    await expect(run).rejects.toThrow(DemoKeysRefusedError);
    await expect(run).rejects.toThrow(/L1 chain 11155111 is not anvil's \(31337\).*--allow-demo-keys/);
    expect(existsSync(out)).toBe(false);
  });

  it('deploys with --allow-demo-keys', async () => {
    const { values, out } = flags(['--allow-demo-keys']);
    await deployCommand(values, new JsonLogger({ level: 'error' }));
    expect(existsSync(out)).toBe(true);
  });
});
