import { createPublicClient, createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { Registry } from 'prom-client';
import { demoKeyPair } from '@hotshot/crypto';
import {
  ANVIL_PRIVATE_KEYS,
  deployContracts,
  l1Chain,
  readDeploymentFile,
  startAnvil,
  writeDeploymentFile,
  type AnvilProcess,
} from '@hotshot/l1';
import { SqliteAvailabilityStore, openSqliteDatabase } from '@hotshot/storage';
import { silentLogger } from '@hotshot/telemetry';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Module } from '@nestjs/common';
import {
  AVAILABILITY_STORE,
  DECIDE_FEED,
  HOTSHOT_CONFIG,
  METRICS_REGISTRY,
  NODE_STATUS,
  type DecideFeed,
  type NodeStatus,
} from '../api-ports';
import { AvailabilityReader } from '../availability-reader';
import { startApi } from '../start-api';
import { DASHBOARD_NODE_INFO, type DashboardNodeInfo } from './dashboard-ports';
import { DashboardStatusController } from './dashboard-status.controller';
import { jsonSchema } from '@hotshot/protocol';
import { DashboardStatusSchema } from '@hotshot/sequencer-api';
import { DecideWindow } from './decide-window';
import { L1ProgressReader } from './l1-progress-reader';
import { closedPort } from '../../testing/closed-port';

const stakeTable = [0, 1, 2, 3].map((i) => ({ publicKey: demoKeyPair('l1-progress-spec', i).publicKey, stake: 1n }));

describe('L1ProgressReader on anvil', () => {
  let anvil: AnvilProcess;
  let contracts: { hotShot: `0x${string}`; rollup: `0x${string}` };

  beforeAll(async () => {
    anvil = await startAnvil();
    const chain = l1Chain(anvil.url);
    contracts = await deployContracts({
      publicClient: createPublicClient({ chain, transport: http(anvil.url) }),
      walletClient: createWalletClient({
        chain,
        transport: http(anvil.url),
        account: privateKeyToAccount(ANVIL_PRIVATE_KEYS[0]),
      }),
      chainId: 35353n,
      stakeTable,
      namespace: 7,
      startHeight: 5,
    });
  });
  afterAll(async () => {
    await anvil?.stop();
  });

  it("reads HotShot.sol's height and the rollup's sequenced and verified heights, reusing a reading for 2 s", async () => {
    let now = 1_000;
    const reader = new L1ProgressReader(anvil.url, contracts, new Registry(), silentLogger, () => now);
    const first = await reader.read();
    // The rollup starts at height 5: it counts the heights before it as sequenced and verified (none carry data).
    expect(first).toMatchObject({ hotShotHeight: 0, sequencedHeight: 4, verifiedHeight: 4, readAtMs: 1_000 });
    expect(first.l1Block).toBeGreaterThan(0);
    now += 1_000;
    expect(await reader.read()).toBe(first);
    now += 1_500;
    expect((await reader.read()).readAtMs).toBe(3_500);
  });

  it('reads the contracts from a deployment file written after it started', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'l1-progress-')), 'deployment.json');
    let now = 0;
    const reader = new L1ProgressReader(
      anvil.url,
      () => readDeploymentFile(file),
      new Registry(),
      silentLogger,
      () => now,
    );
    await expect(reader.read()).rejects.toThrow('does not exist');
    expect(reader.hotShot).toBeUndefined();
    writeDeploymentFile(file, {
      l1ChainId: 31337,
      hotShotChainId: '35353',
      ...contracts,
      verifier: contracts.hotShot,
      namespace: 7,
      startHeight: 5,
      stakeTableSize: 4,
      deployedAtBlock: 1,
      deployer: contracts.hotShot,
    });
    now += 10;
    expect(await reader.read()).toMatchObject({ hotShotHeight: 0, sequencedHeight: 4 });
    expect(reader.hotShot).toBe(contracts.hotShot);
  });

  it("counts a failed reading when L1 does not answer, and the status route shows why beside this node's facts", async () => {
    const registry = new Registry();
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const reader = new L1ProgressReader(closed, contracts, registry, silentLogger);
    await expect(reader.read()).rejects.toThrow();
    expect((await registry.getSingleMetric('sequencer_dashboard_l1_read_failures_total')!.get()).values[0]!.value).toBe(
      1,
    );

    const store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    const info: DashboardNodeInfo = {
      storage: 'postgres',
      retention: { blocks: 1000 },
      selfIndex: () => 2,
      catchupPeers: () => [{ index: 3, leaves: 12, lastAtMs: 5 }],
      l1: reader,
    };
    const feed: DecideFeed = { subscribe: () => () => undefined };
    const status: NodeStatus = { blockHeight: async () => 0, lastDecideAtMs: () => undefined, isRunning: () => false };
    @Module({
      controllers: [DashboardStatusController],
      providers: [
        AvailabilityReader,
        DecideWindow,
        { provide: AVAILABILITY_STORE, useValue: store },
        { provide: NODE_STATUS, useValue: status },
        { provide: METRICS_REGISTRY, useValue: registry },
        { provide: HOTSHOT_CONFIG, useValue: { current: () => undefined } },
        { provide: DECIDE_FEED, useValue: feed },
        { provide: DASHBOARD_NODE_INFO, useValue: info },
      ],
    })
    class Root {}
    const app = await startApi(Root, { host: '127.0.0.1', port: 0, maxTxBytes: 1024, log: silentLogger });
    try {
      const res = await fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/v0/status/dashboard`);
      const body = jsonSchema(DashboardStatusSchema).decode(await res.json(), 'dashboard status');
      expect(body.l1).toMatchObject({ hotShot: contracts.hotShot, rollup: contracts.rollup, progress: null });
      expect(body.l1!.error).toEqual(expect.any(String));
      expect(body.node).toMatchObject({
        index: 2,
        storage: 'postgres',
        retention: { blocks: 1000, ageSeconds: null },
        catchupPeers: [{ index: 3, leaves: 12, lastAtMs: 5 }],
      });
      expect(body).toMatchObject({ running: false, view: null, leader: null, members: [] });
    } finally {
      await app.close();
      await store.close();
    }
  });
});
