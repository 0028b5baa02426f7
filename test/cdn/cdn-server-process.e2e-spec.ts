import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Topic, type CdnClient, type CdnDelivery } from '@hotshot/cdn';
import { publicKeyToHex } from '@hotshot/crypto';
import { BrokerProcess } from './support/broker-process';
import { ClientPool, nextEvent, nodeKey, waitUntil } from './support/cdn-fixtures';

const FAST_FLAGS = ['--heartbeat-interval-ms', '200', '--heartbeat-timeout-ms', '10000', '--view-timeout-ms', '3210'];

describe('the cdn-server binary', () => {
  // Above the 30 s caps of the waits inside, which fail first and name what did not happen.
  jest.setTimeout(180_000);
  let dataDir: string;
  const processes: BrokerProcess[] = [];
  const start = (args: string[]) => {
    const broker = new BrokerProcess(args);
    processes.push(broker);
    return broker;
  };

  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'cdn-server-'))));
  afterEach(() => {
    for (const broker of processes.splice(0)) broker.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints its flags with their environment twins, and refuses a bad one with exit code 2', async () => {
    const [help, bad] = await Promise.all([BrokerProcess.run(['--help']), BrokerProcess.run(['-n', 'four'])]);
    expect(help.code).toBe(0);
    for (const text of [
      '-p, --port',
      'CDN_PORT',
      '-n, --nodes',
      'CDN_DATA_DIR',
      '--metrics-port',
      '--max-frame-bytes',
      '--chain-id',
      '--start-delay-ms',
    ]) {
      expect(help.stdout).toContain(text);
    }
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--nodes must be a whole number');
  });

  it('survives a restart: the roster persists and nodes reconnect by themselves with their indices', async () => {
    const first = start(['-p', '0', '-n', '4', '--data-dir', dataDir, '--metrics-port', '0', ...FAST_FLAGS]);
    const { port } = (await first.logged('listening')) as unknown as { port: number };
    const metricsPort = ((await first.logged('metrics listening')) as unknown as { port: number }).port;
    const url = `tcp://127.0.0.1:${port}`;
    const pool = new ClientPool();
    try {
      const clients: CdnClient[] = [];
      for (const key of [3, 1, 0, 2]) {
        const client = pool.start(url, key);
        await nextEvent(client, 'authenticated');
        clients.push(client);
      }
      const welcomes = await Promise.all(clients.map((c) => c.welcome()));
      expect(welcomes.map((w) => w.nodeIndex)).toEqual([0, 1, 2, 3]);
      expect(welcomes[0].config.viewTimeoutMs).toBe(3210);
      expect(first.logs.filter((l) => l.msg === 'node joined').map((l) => [l.index, l.publicKey])).toEqual(
        [3, 1, 0, 2].map((key, index) => [index, publicKeyToHex(nodeKey(key).publicKey)]),
      );
      await first.logged('network started');

      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toContain('cdn_broker_authenticated_nodes 4');
      expect(metrics).toContain('cdn_broker_frames_total{kind="welcome",direction="out"} 4');

      const roster = JSON.parse(readFileSync(join(dataDir, 'roster.json'), 'utf8')) as { publicKeys: string[] };
      expect(roster.publicKeys).toEqual([3, 1, 0, 2].map((key) => publicKeyToHex(nodeKey(key).publicKey)));

      const rewelcomed = Promise.all(clients.map((c) => nextEvent(c, 'welcome', () => true, 20_000)));
      expect(await first.stop('SIGTERM')).toBe(0);
      expect(first.logs.at(-1)?.msg).toBe('stopped');
      await waitUntil(() => clients.every((c) => c.state !== 'ready'), 'clients to notice the broker is gone');

      const second = start(['-p', String(port), '-n', '4', '--data-dir', dataDir, ...FAST_FLAGS]);
      await second.logged('listening');
      expect((await rewelcomed).map((w) => w.nodeIndex)).toEqual([0, 1, 2, 3]);
      expect(second.logs.filter((l) => l.msg === 'node reconnected').length).toBe(4);

      const inbox: CdnDelivery[] = [];
      clients[0].on('message', (d) => inbox.push(d));
      clients[3].broadcast(Topic.Global, Uint8Array.of(1, 2, 3));
      await waitUntil(() => inbox.length === 1, 'a broadcast after the restart');
      expect(inbox[0].sender).toBe(3);
      await pool.stop();
      expect(await second.stop('SIGINT')).toBe(0);
    } finally {
      await pool.stop();
    }
  });

  it('refuses to start on a corrupt roster file or one from another network, saying which', async () => {
    const corrupt = join(dataDir, 'corrupt');
    const other = join(dataDir, 'other');
    mkdirSync(corrupt);
    mkdirSync(other);
    writeFileSync(join(corrupt, 'roster.json'), '{"version": 1, "expectedNodes": ');
    writeFileSync(
      join(other, 'roster.json'),
      JSON.stringify({
        version: 1,
        expectedNodes: 5,
        config: {
          chainId: '35353',
          viewTimeoutMs: 2000,
          timeoutRatio: 1.5,
          daCommitteeSize: 0,
          maxTxBytes: 1,
          maxBlockBytes: 1,
          maxBlockTxs: 1,
          startDelayMs: 0,
        },
        publicKeys: [],
      }),
    );
    const [bad, mismatch] = await Promise.all([
      BrokerProcess.run(['-p', '0', '-n', '4', '--data-dir', corrupt]),
      BrokerProcess.run(['-p', '0', '-n', '4', '--data-dir', other]),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`roster file ${join(corrupt, 'roster.json')} is corrupt: not valid JSON`);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain('nodes=5');
  });
});
