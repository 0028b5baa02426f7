import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Gauge, Registry } from 'prom-client';
import { demoKeyPair } from '@hotshot/crypto';
import { DEFAULT_CONSENSUS_CONFIG, type StakeTable } from '@hotshot/protocol';
import { SqliteAvailabilityStore, openSqliteDatabase, type DecidedBlock } from '@hotshot/storage';
import { buildDecidedChain } from '@hotshot/storage/testing';
import { silentLogger } from '@hotshot/telemetry';
import { startApi } from '../start-api';
import { startTestApi, type TestApi } from '../testing/api-test-app';
import type { DecideBroadcaster } from '../stream/decide-broadcaster';
import { DASHBOARD_DIR, DashboardController } from './dashboard.controller';
import { jsonSchema } from '@hotshot/protocol';
import { DashboardStatusSchema } from '@hotshot/sequencer-api';
import { DECIDE_WINDOW_MS, DecideWindow } from './decide-window';

const CHAIN_ID = 7n;
const stakeTable: StakeTable = [0, 1, 2, 3].map((i) => ({
  publicKey: demoKeyPair('dashboard-spec', i).publicKey,
  stake: BigInt(100 + i),
}));

/** `block` with a justify QC for `view` signed by the members whose bits are set in `signers`. */
function signedBy(block: DecidedBlock, signers: number, view: number): DecidedBlock {
  const qc = block.leaf.justifyQc;
  return {
    ...block,
    leaf: {
      ...block.leaf,
      justifyQc: { ...qc, view, certificate: { ...qc.certificate, signers: Uint8Array.of(signers) } },
    },
  };
}

describe('GET /v0/status/dashboard', () => {
  const store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
  const chain = buildDecidedChain(CHAIN_ID, [
    [{ namespace: 5, payload: Uint8Array.of(1, 2, 3) }],
    [
      { namespace: 5, payload: Uint8Array.of(4) },
      { namespace: 9, payload: Uint8Array.of(5, 6) },
    ],
  ]);
  const registry = new Registry();
  let api: TestApi;

  beforeAll(async () => {
    new Gauge({ name: 'sequencer_consensus_view', help: 'view', registers: [registry] }).set(10);
    await store.appendDecided(chain);
    api = await startTestApi({
      store,
      registry,
      config: { current: () => ({ config: { ...DEFAULT_CONSENSUS_CONFIG, chainId: CHAIN_ID }, stakeTable }) },
    });
    // Members 0 and 2 signed the certificates the decided blocks carry.
    (api.feed as DecideBroadcaster).publish([signedBy(chain[1]!, 0b0101, 3), signedBy(chain[2]!, 0b0101, 4)]);
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  it('reports height, view, leader, recent decides and which members voted', async () => {
    const res = await fetch(`${api.url}/v0/status/dashboard`);
    expect(res.status).toBe(200);
    // The answer is what the route's OpenAPI schema says it is.
    const status = jsonSchema(DashboardStatusSchema).decode(await res.json(), 'dashboard status');
    expect(status).toMatchObject({ running: true, blockHeight: 3, view: 10, leader: 10 % 4, viewTimeouts: null });
    expect(status.recent.map((d) => [d.height, d.txs, d.bytes])).toEqual([
      [1, 1, chain[1]!.leaf.header.payloadSize],
      [2, 2, chain[2]!.leaf.header.payloadSize],
    ]);
    for (const decide of status.recent) expect(decide.decidedAtMs).toBeGreaterThanOrEqual(decide.proposedAtMs);
    expect(status.members.map((m) => [m.index, m.stake, m.lastVoteView])).toEqual([
      [0, '100', 4],
      [1, '101', null],
      [2, '102', 4],
      [3, '103', null],
    ]);
    // Without the node's info port (a bare API), this node's facts are unknown but the stored range is not.
    expect(status.node).toMatchObject({ index: null, storage: null, earliestHeight: 0, latestHeight: 2 });
    expect(status.l1).toBeNull();
  });

  it('redirects / to the dashboard with a JSON body, as every non-page answer of the API is JSON', async () => {
    const res = await fetch(`${api.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/dashboard');
    expect(await res.json()).toEqual({ location: '/dashboard' });
  });
});

describe('the dashboard page', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-spec-'));
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><script src="/dashboard/assets/index-abc.js"></script>',
    );
    writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1);');
    writeFileSync(path.join(dir, 'secret.txt'), 'not a dashboard file type');
    @Module({ controllers: [DashboardController], providers: [{ provide: DASHBOARD_DIR, useValue: dir }] })
    class Root {}
    app = await startApi(Root, { host: '127.0.0.1', port: 0, maxTxBytes: 1024, log: silentLogger });
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page and its hashed assets, cached accordingly', async () => {
    const page = await fetch(`${url}/dashboard`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const script = await fetch(`${url}/dashboard/assets/index-abc.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect(await script.text()).toBe('console.log(1);');
  });

  it('serves nothing outside the build, answering 404 in JSON', async () => {
    for (const target of [
      '/dashboard/secret.txt',
      '/dashboard/assets/..%2F..%2Fpackage.json',
      '/dashboard/..%2Findex.html',
      '/dashboard/assets/missing.js',
      '/dashboard/__proto__',
    ]) {
      const res = await fetch(`${url}${target}`);
      expect([target, res.status]).toEqual([target, 404]);
      expect(await res.json()).toMatchObject({ error: 'NotFoundError' });
    }
  });

  it('answers 503 naming the build step when the dashboard was not built', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'dashboard-empty-'));
    @Module({ controllers: [DashboardController], providers: [{ provide: DASHBOARD_DIR, useValue: empty }] })
    class Unbuilt {}
    const unbuilt = await startApi(Unbuilt, { host: '127.0.0.1', port: 0, maxTxBytes: 1024, log: silentLogger });
    try {
      const res = await fetch(`${(await unbuilt.getUrl()).replace('[::1]', '127.0.0.1')}/dashboard`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { message: string }).message).toContain('npm run build');
    } finally {
      await unbuilt.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('DecideWindow', () => {
  it('keeps the last ten minutes of decides, once per height, and the newest vote per member', () => {
    const chain = buildDecidedChain(CHAIN_ID, [[], [], []]);
    const window = new DecideWindow({ subscribe: () => () => undefined });
    window.record([signedBy(chain[1]!, 0b0001, 5)], 1_000);
    window.record([signedBy(chain[1]!, 0b0010, 6)], 2_000); // a replayed height: ignored
    window.record([signedBy(chain[2]!, 0b0011, 7)], 3_000);
    expect(window.recent().map((d) => d.height)).toEqual([1, 2]);
    expect(window.lastVote(0)).toEqual({ view: 7, atMs: 3_000 });
    expect(window.lastVote(1)).toEqual({ view: 7, atMs: 3_000 });
    expect(window.lastVote(2)).toBeUndefined();
    window.record([signedBy(chain[3]!, 0b0100, 8)], 2_000 + DECIDE_WINDOW_MS + 1);
    expect(window.recent().map((d) => d.height)).toEqual([2, 3]);
  });
});
