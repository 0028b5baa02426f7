import { ErrorCode, createAuthenticate, encodeFrame } from '@hotshot/cdn';
import { demoKeyPair } from '@hotshot/crypto';
import type { AnvilProcess } from '@hotshot/l1';
import { bytesToHex, parseEther } from 'viem';
import { startAnvilWithStakeTable } from '../support/l1-stake-table';
import { waitFor } from '../support/wait-for-progress';
import { RawPeer } from './support/cdn-fixtures';
import { ScaleOutNetwork } from './support/scale-out-network';

/** The keys ScaleOutNetwork's nodes use (`--key-seed scale-out --key-index i`). */
const nodeKey = (index: number) => demoKeyPair('scale-out', index);
/** Stakes (ETH) of nodes 0..3: unequal, so the table's order (largest stake first) is not the key index order. */
const STAKES_ETH = ['1', '4', '2', '3'];
/** The stake table StakeTable.sol should give: node indices, largest stake first. */
const TABLE_ORDER = [1, 3, 2, 0];

/**
 * The scale-out CDN takes its roster from L1 too (issue 18): a marshal started with --l1-url and --stake-table reads
 * the table, stores it in Redis with the network and seeds the roster with it, so every node gets its index in the
 * table (not its join order) and its brokers hand out the table's stakes in Welcome, which the nodes check against
 * L1 themselves. A key that is not in the table is refused at the marshal with NotInStakeTable.
 */
describe('a marshal and two brokers whose roster is the stake table on L1', () => {
  // Generous: the progress waits inside fail first, naming what stalled, when nothing moves.
  jest.setTimeout(900_000);
  let anvil: AnvilProcess;
  let net: ScaleOutNetwork;

  beforeAll(async () => {
    const l1 = await startAnvilWithStakeTable(STAKES_ETH.map((stakeEth, i) => ({ key: nodeKey(i), stakeEth })));
    anvil = l1.anvil;
    net = new ScaleOutNetwork({
      nodes: 4,
      brokers: ['broker-a', 'broker-b'],
      viewTimeoutMs: 1500,
      l1StakeTable: { l1Url: anvil.url, address: l1.stakeTable },
    });
    await net.start();
  });
  afterAll(async () => {
    // KEEP_NETWORK_LOGS=1 keeps every process's log under the folder the failure messages name.
    await net?.stop(process.env.KEEP_NETWORK_LOGS === '1');
    await anvil?.stop();
  });

  it('gives each node its index in the table, hands out the stakes, and decides blocks', async () => {
    await net.waitForHeight(3);
    expect(String(net.marshalLogs('listening')[0]?.roster)).toContain('stake table of');
    const expected = TABLE_ORDER.map((node) => ({
      publicKey: bytesToHex(nodeKey(node).publicKey),
      stake: parseEther(STAKES_ETH[node]!).toString(),
    }));
    const joined = net.marshalLogs('node joined');
    for (const node of [0, 1, 2, 3]) {
      const publicKey = bytesToHex(nodeKey(node).publicKey);
      expect(joined.find((line) => line.publicKey === publicKey)?.index).toBe(TABLE_ORDER.indexOf(node));
      const res = await fetch(`${net.apiUrl(node)}/v0/config/hotshot`, { signal: AbortSignal.timeout(30_000) });
      const body = (await res.json()) as { stakeTable: { publicKey: string; stake: string }[] };
      expect(body.stakeTable.map(({ publicKey, stake }) => ({ publicKey, stake }))).toEqual(expected);
      expect(net.nodeLog(node)).toContain('Welcome matches the stake table on L1');
    }
  });

  it('refuses a fifth, unregistered key at the marshal with NotInStakeTable', async () => {
    const stranger = await RawPeer.connect(net.marshalPort);
    stranger.send(encodeFrame(createAuthenticate(nodeKey(4), Date.now())));
    const refusal = await stranger.refusal();
    expect(refusal.code).toBe(ErrorCode.NotInStakeTable);
    expect(refusal.message).toContain('stake table');
    await waitFor('the marshal to log the refusal', () =>
      net.marshalLogs('node refused').some((line) => line.reason === 'not_in_stake_table'),
    );
  });
});
