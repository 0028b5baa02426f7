import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAnvil, type AnvilProcess } from '@hotshot/l1';
import { AppProcess } from '../support/app-process';
import { freePort } from '../support/free-port';

const DEMO_KEYS_WARNING = 'demo keys in use: anyone who knows the seed can sign with them; never outside a local demo';

/**
 * The sequencer binary with --key-seed (public demo keys) and an L1 (issue 17, finding 11): it warns at start
 * wherever it runs, refuses an L1 that is not anvil's chain (exit 2, naming the flag and the chain) unless
 * --allow-demo-keys says the operator means it, and goes on to join on anvil's. No network: the node waits for a CDN.
 */
describe('sequencer with demo keys and an L1', () => {
  jest.setTimeout(300_000);
  let dir: string;
  let foreignL1: AnvilProcess;
  let anvilL1: AnvilProcess;
  const nodes: AppProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sequencer-demo-keys-'));
    [foreignL1, anvilL1] = await Promise.all([startAnvil({ chainId: 5 }), startAnvil()]);
  });
  afterAll(async () => {
    for (const node of nodes.splice(0)) node.kill();
    await Promise.all([foreignL1?.stop(), anvilL1?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const node = async (l1Url: string, extra: string[] = []) => {
    const started = new AppProcess('sequencer', [
      '--cdn-url',
      `tcp://127.0.0.1:${await freePort()}`,
      '--key-seed',
      'demo',
      '--key-index',
      '0',
      '--l1-url',
      l1Url,
      '--data-dir',
      path.join(dir, `data-${nodes.length}`),
      '--api-port',
      '0',
      ...extra,
    ]);
    nodes.push(started);
    return started;
  };

  it('refuses an L1 that is not anvil (exit 2) and says how to allow it', async () => {
    const refused = await node(foreignL1.url);
    expect(await refused.exited).toBe(2);
    expect(refused.stderr).toContain("--key-seed derives public, well-known demo keys; L1 chain 5 is not anvil's");
    expect(refused.stderr).toContain('--allow-demo-keys');
    expect(refused.logs.some((line) => line.msg === DEMO_KEYS_WARNING)).toBe(true);
    expect(refused.logs.some((line) => line.msg === 'joining the network')).toBe(false);
  });

  it('joins with --allow-demo-keys on that L1, and without it on anvil, warning both times', async () => {
    for (const running of [await node(foreignL1.url, ['--allow-demo-keys']), await node(anvilL1.url)]) {
      expect(await running.logged(DEMO_KEYS_WARNING)).toMatchObject({ level: 'warn', flag: '--key-seed' });
      await running.logged('joining the network');
      expect(await running.stop()).toBe(0);
    }
  });
});
