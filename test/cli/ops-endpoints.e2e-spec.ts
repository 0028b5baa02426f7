import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatePrivateKey } from 'viem/accounts';
import { writeDeploymentFile } from '@hotshot/l1';
import { AppProcess } from '../support/app-process';
import { freePort } from '../support/free-port';
import { promtoolCheckMetrics } from '../support/promtool';

/** The URL of a binary's operations server, from its `metrics listening` line. */
async function opsUrl(service: AppProcess): Promise<string> {
  return (await service.logged('metrics listening')).url as string;
}

/** What every operations server answers besides its health: clean metrics, 404 elsewhere, 405 for other methods. */
async function expectOpsEndpoints(url: string, family: string): Promise<void> {
  const metrics = await fetch(`${url}/metrics`);
  expect(metrics.status).toBe(200);
  const text = await metrics.text();
  expect(text).toContain(`# TYPE ${family}`);
  expect(promtoolCheckMetrics(text)).toEqual({ code: 0, output: '' });
  expect((await fetch(`${url}/nothing-here`)).status).toBe(404);
  expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(405);
}

/**
 * Each binary with metrics serves them with its health from the one operations server (issue 22), on the port its
 * `--metrics-port` names, and its metrics pass promtool (issue 23). Unready processes answer 503 and say why.
 */
describe('the operations endpoints of the binaries', () => {
  jest.setTimeout(300_000);
  let dir: string;
  const services: AppProcess[] = [];
  const start = (app: string, args: string[], env?: Record<string, string>) => {
    const service = new AppProcess(app, args, env);
    services.push(service);
    return service;
  };

  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'ops-endpoints-'))));
  afterEach(() => {
    for (const service of services.splice(0)) service.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cdn-server answers ok; a sequencer waiting for its network answers 503 starting on its --metrics-port', async () => {
    const broker = start('cdn-server', [
      '-p',
      '0',
      '-n',
      '2',
      '--data-dir',
      path.join(dir, 'cdn'),
      '--metrics-port',
      '0',
    ]);
    const brokerOps = await opsUrl(broker);
    const brokerPort = (await broker.logged('listening')).port as number;
    expect(await (await fetch(`${brokerOps}/healthz`)).json()).toEqual({ status: 'ok' });
    await expectOpsEndpoints(brokerOps, 'cdn_broker_connections gauge');

    const metricsPort = await freePort();
    const node = start('sequencer', [
      '--cdn-url',
      `tcp://127.0.0.1:${brokerPort}`,
      '--key-seed',
      'ops-endpoints',
      '--key-index',
      '0',
      '--api-port',
      String(await freePort()),
      '--metrics-port',
      String(metricsPort),
      '--data-dir',
      path.join(dir, 'node0'),
    ]);
    const nodeOps = await opsUrl(node);
    expect(nodeOps).toBe(`http://127.0.0.1:${metricsPort}`);
    // One of two nodes joined: the network has not started, so the node is not running consensus yet.
    const health = await fetch(`${nodeOps}/healthz`);
    expect([health.status, await health.json()]).toEqual([503, { status: 'starting', reason: 'joining the network' }]);
    await expectOpsEndpoints(nodeOps, 'sequencer_consensus_decided_height gauge');
    expect(await node.stop()).toBe(0);
    expect(await broker.stop()).toBe(0);
  });

  it('hotshot-poster and zkevm-adaptor serve /healthz before L1 answers: 503 starting, "connecting to L1"', async () => {
    const deployment = path.join(dir, 'deployment.json');
    const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as const;
    writeDeploymentFile(deployment, {
      l1ChainId: 31337,
      hotShotChainId: '1',
      hotShot: address(1),
      rollup: address(2),
      verifier: address(3),
      namespace: 1,
      startHeight: 0,
      stakeTableSize: 4,
      deployedAtBlock: 0,
      deployer: address(4),
    });
    // Nothing listens on these: L1 stays unreachable, and both keep retrying with back-off.
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const common = ['--sequencer-url', nowhere, '--l1-url', nowhere, '--deployment', deployment, '--metrics-port', '0'];
    const poster = start('hotshot-poster', common, { POSTER_L1_KEY: generatePrivateKey() });
    const adaptor = start('zkevm-adaptor', [...common, '--namespace', '1'], { ADAPTOR_L1_KEY: generatePrivateKey() });
    for (const [service, family] of [
      [poster, 'hotshot_poster_calls_total counter'],
      [adaptor, 'zkevm_adaptor_calls_total counter'],
    ] as const) {
      const url = await opsUrl(service);
      const health = await fetch(`${url}/healthz`);
      expect([service.app, health.status, await health.json()]).toEqual([
        service.app,
        503,
        { status: 'starting', reason: 'connecting to L1' },
      ]);
      await expectOpsEndpoints(url, family);
      expect(await service.stop()).toBe(0);
    }
  });
});
