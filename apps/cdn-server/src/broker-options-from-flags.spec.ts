import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, parseCommandLine } from '@hotshot/config';
import { demoKeyPair } from '@hotshot/crypto';
import {
  ANVIL_PRIVATE_KEYS,
  deployStakeTable,
  l1Chain,
  registerValidator,
  startAnvil,
  StakeTableNotDeployedError,
  type AnvilProcess,
} from '@hotshot/l1';
import { silentLogger } from '@hotshot/telemetry';
import { createPublicClient, createTestClient, createWalletClient, http, parseEther, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  brokerOptionsFromFlags,
  marshalOptionsFromFlags,
  scaleOutBrokerOptionsFromFlags,
} from './broker-options-from-flags';
import { cdnServerFlags } from './cdn-server.flags';

const flagsOf = (argv: string[]) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cdn-flags-'));
  const parsed = parseCommandLine(cdnServerFlags, ['--data-dir', dataDir, ...argv], {});
  if (parsed.kind !== 'run') throw new Error('expected a run');
  return parsed.values;
};
const ADDRESS = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

describe('brokerOptionsFromFlags with the stake table on L1', () => {
  jest.setTimeout(120_000);
  let anvil: AnvilProcess;
  let stakeTable: Address;
  const keys = [0, 1, 2].map((i) => demoKeyPair('broker-options-from-flags-spec', i));

  beforeAll(async () => {
    anvil = await startAnvil();
    const chain = l1Chain(anvil.url);
    const writer = {
      walletClient: createWalletClient({
        chain,
        transport: http(anvil.url),
        account: privateKeyToAccount(ANVIL_PRIVATE_KEYS[0]),
      }),
      publicClient: createPublicClient({ chain, transport: http(anvil.url) }),
    };
    stakeTable = await deployStakeTable(writer, { minStake: parseEther('1'), exitEscrowSeconds: 60 });
    for (const [i, key] of keys.entries()) await registerValidator(writer, stakeTable, key, parseEther(String(i + 1)));
    await createTestClient({ mode: 'anvil', transport: http(anvil.url) }).mine({ blocks: 64 });
  }, 60_000);

  afterAll(async () => {
    await anvil?.stop();
  });

  it('takes N and the roster from the table, largest stake first, and caps it with --stake-table-max-size', async () => {
    const options = await brokerOptionsFromFlags(
      flagsOf(['--l1-url', anvil.url, '--stake-table', stakeTable, '--stake-table-max-size', '2']),
      silentLogger,
    );
    expect(options.expectedNodes).toBe(2);
    expect(options.gate?.roster.stakeTable()).toEqual([
      { publicKey: keys[2]!.publicKey, stake: parseEther('3') },
      { publicKey: keys[1]!.publicKey, stake: parseEther('2') },
    ]);
  });

  it('accepts -n equal to the table size and refuses one that disagrees', async () => {
    const l1 = ['--l1-url', anvil.url, '--stake-table', stakeTable];
    expect((await brokerOptionsFromFlags(flagsOf([...l1, '-n', '3']), silentLogger)).expectedNodes).toBe(3);
    await expect(brokerOptionsFromFlags(flagsOf([...l1, '-n', '4']), silentLogger)).rejects.toThrow(
      /-n is 4 but the stake table on L1 holds 3/,
    );
  });

  it('fails to start on an address without a StakeTable', async () => {
    await expect(
      brokerOptionsFromFlags(
        flagsOf(['--l1-url', anvil.url, '--stake-table', '0x000000000000000000000000000000000000dEaD']),
        silentLogger,
      ),
    ).rejects.toThrow(StakeTableNotDeployedError);
  });

  it('gives the marshal the table read from L1 to store with the network, and N from its size', async () => {
    const options = await marshalOptionsFromFlags(
      flagsOf(['--redis-url', 'redis://127.0.0.1:1', '--l1-url', anvil.url, '--stake-table', stakeTable]),
      silentLogger,
    );
    expect(options.expectedNodes).toBe(3);
    expect(options.l1StakeTable?.address).toBe(stakeTable);
    expect(options.l1StakeTable?.stakeTable.map((m) => m.stake)).toEqual(['3', '2', '1'].map((s) => parseEther(s)));
    const bootstrap = await marshalOptionsFromFlags(
      flagsOf(['-n', '4', '--redis-url', 'redis://127.0.0.1:1']),
      silentLogger,
    );
    expect(bootstrap.expectedNodes).toBe(4);
    expect(bootstrap.l1StakeTable).toBeUndefined();
  });

  it('refuses half the L1 flags, a bad address, and the L1 flags in the broker role', async () => {
    for (const argv of [
      ['--stake-table', ADDRESS],
      ['--l1-url', 'http://127.0.0.1:8545'],
      ['--l1-url', 'http://127.0.0.1:8545', '--stake-table', '0x1234'],
      ['-n', '4', '--stake-table-block', '5'],
    ]) {
      await expect(brokerOptionsFromFlags(flagsOf(argv), silentLogger)).rejects.toThrow(ConfigError);
    }
    await expect(
      marshalOptionsFromFlags(flagsOf(['--redis-url', 'redis://127.0.0.1:1', '--stake-table', ADDRESS]), silentLogger),
    ).rejects.toThrow(/--stake-table needs --l1-url/);
    expect(() =>
      scaleOutBrokerOptionsFromFlags(
        flagsOf(['--redis-url', 'redis://127.0.0.1:1', '--l1-url', 'http://127.0.0.1:8545', '--stake-table', ADDRESS]),
        silentLogger,
        new AbortController().signal,
      ),
    ).toThrow(/a broker takes the stake table the marshal stored in Redis/);
  });

  it('keeps the bootstrap without the L1 flags', async () => {
    const options = await brokerOptionsFromFlags(flagsOf(['-n', '5']), silentLogger);
    expect(options.expectedNodes).toBe(5);
    expect(options.gate).toBeUndefined();
  });
});
