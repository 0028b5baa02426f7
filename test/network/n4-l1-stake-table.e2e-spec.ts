import { readFileSync } from 'node:fs';
import { ErrorCode, createAuthenticate, encodeFrame } from '@hotshot/cdn';
import { demoKeyPair } from '@hotshot/crypto';
import type { AnvilProcess } from '@hotshot/l1';
import { bytesToHex, parseEther, type Address } from 'viem';
import { RawPeer } from '../cdn/support/cdn-fixtures';
import { freePort } from '../support/free-port';
import { startAnvilWithStakeTable } from '../support/l1-stake-table';
import { TestNetwork } from '../support/network-harness';
import { waitForProgress } from '../support/wait-for-progress';

/** The keys TestNetwork's nodes use (`--key-seed test-network --key-index i`). */
const nodeKey = (index: number) => demoKeyPair('test-network', index);
/** Stakes (ETH) of nodes 0..3: unequal, so the table's order (largest stake first) is not the key index order. */
const STAKES_ETH = ['1', '4', '2', '3'];
/** The stake table StakeTable.sol should give: node indices, largest stake first. */
const TABLE_ORDER = [1, 3, 2, 0];

/**
 * The validator set comes from L1 (issue 18): four keys register in StakeTable.sol with proofs of possession; a
 * broker started with --l1-url and --stake-table admits exactly them, each at its index in the table read from L1
 * (not join order), refuses a fifth key with NotInStakeTable, and the nodes, which compute the table themselves,
 * decide blocks. A node told a table L1 does not hold (by a bootstrap broker) refuses to start consensus.
 */
describe('n4 network whose stake table comes from StakeTable.sol on L1', () => {
  jest.setTimeout(600_000);
  let anvil: AnvilProcess;
  let stakeTable: Address;
  let net: TestNetwork;
  let metricsPort: number;

  beforeAll(async () => {
    ({ anvil, stakeTable } = await startAnvilWithStakeTable(
      STAKES_ETH.map((stakeEth, i) => ({ key: nodeKey(i), stakeEth })),
    ));
    metricsPort = await freePort();
    const l1Flags = ['--l1-url', anvil.url, '--stake-table', stakeTable];
    net = new TestNetwork({
      nodes: 4,
      viewTimeoutMs: 1500,
      cdnArgs: [...l1Flags, '--metrics-port', String(metricsPort)],
      nodeArgs: [...l1Flags, '--l1-poll-interval-ms', '500'],
    });
    await net.start();
  });
  afterAll(async () => {
    await net?.stop(process.env.KEEP_NETWORK_LOGS === '1');
    await anvil?.stop();
  });

  it('admits the registered keys at their index in the table, with their stakes, and decides blocks', async () => {
    await net.waitForHeight(3, [0, 1, 2, 3]);
    const expected = TABLE_ORDER.map((node) => ({
      publicKey: bytesToHex(nodeKey(node).publicKey),
      stake: parseEther(STAKES_ETH[node]!).toString(),
    }));
    for (const node of [0, 1, 2, 3]) {
      const { body } = await net.get<{ stakeTable: { index: number; publicKey: string; stake: string }[] }>(
        node,
        '/v0/config/hotshot',
      );
      expect(body.stakeTable.map(({ publicKey, stake }) => ({ publicKey, stake }))).toEqual(expected);
      const log = readFileSync(net.nodeLog(node), 'utf8');
      const joined = log.split('\n').find((line) => line.includes('"msg":"joined"'));
      expect(JSON.parse(joined!).index).toBe(TABLE_ORDER.indexOf(node));
      expect(log).toContain('Welcome matches the stake table on L1');
    }
  });

  it('refuses a fifth, unregistered key with NotInStakeTable and counts it', async () => {
    const stranger = await RawPeer.connect(net.cdnPort);
    stranger.send(encodeFrame(createAuthenticate(nodeKey(4), Date.now())));
    const refusal = await stranger.refusal();
    expect(refusal.code).toBe(ErrorCode.NotInStakeTable);
    expect(refusal.message).toContain('stake table');
    const metric = await waitForProgress({
      what: 'the broker to count the refusal',
      observe: async () => {
        const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        return text
          .split('\n')
          .find((line) => line.startsWith('cdn_broker_disconnects_total{reason="not_in_stake_table"}'));
      },
      done: (line) => line !== undefined,
      stallMs: 30_000,
      intervalMs: 200,
    });
    expect(metric).toBe('cdn_broker_disconnects_total{reason="not_in_stake_table"} 1');
  });

  it('a node whose Welcome disagrees with L1 exits non-zero without starting consensus', async () => {
    // A bootstrap broker (no L1 flags) makes the table of whoever connects: node 0's key alone, at stake 1.
    const told = new TestNetwork({
      nodes: 1,
      nodeArgs: ['--l1-url', anvil.url, '--stake-table', stakeTable],
    });
    try {
      await told.start();
      expect(await told.waitForExit(0)).toBe(1);
      const log = readFileSync(told.nodeLog(0), 'utf8');
      expect(log).toContain('Welcome disagrees with the stake table on L1');
      expect(log).toContain('WelcomeDisagreesWithL1Error');
      expect(log).not.toContain('"msg":"starting consensus from genesis"');
    } finally {
      await told.stop();
    }
  });
});
