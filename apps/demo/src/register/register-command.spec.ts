import type { FlagValues } from '@hotshot/config';
import { demoKeyPair } from '@hotshot/crypto';
import { ANVIL_PRIVATE_KEYS, readL1StakeTable, startAnvil, type AnvilProcess } from '@hotshot/l1';
import { JsonLogger } from '@hotshot/telemetry';
import { createPublicClient, getContractAddress, http, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { StakeTableAddressError, StakeTableAddressMismatchError, registerCommand } from './register-command';
import type { registerFlags } from './register.flags';

const account = privateKeyToAccount(ANVIL_PRIVATE_KEYS[3]);
const expectedAddress = getContractAddress({ from: account.address, nonce: 0n });

/** `hotshot-demo register` against a real anvil whose finalized block trails the head by 2 one-second blocks. */
describe('hotshot-demo register', () => {
  jest.setTimeout(120_000);
  let anvil: AnvilProcess;
  const lines: string[] = [];
  const log = new JsonLogger({ sink: (line) => lines.push(line) });
  const flags = (overrides: Partial<FlagValues<typeof registerFlags>> = {}): FlagValues<typeof registerFlags> => ({
    'l1-url': anvil.url,
    'stake-table': expectedAddress,
    'key-seed': 'register-spec',
    nodes: 3,
    'stake-eth': 32,
    'min-stake-eth': 1,
    'exit-escrow-seconds': 60,
    'allow-demo-keys': false,
    'l1-key-file': undefined,
    'l1-key': ANVIL_PRIVATE_KEYS[3],
    'wait-seconds': 60,
    ...overrides,
  });
  const nonce = () =>
    createPublicClient({ transport: http(anvil.url) }).getTransactionCount({ address: account.address });

  beforeAll(async () => {
    anvil = await startAnvil({ blockTime: 1, slotsInAnEpoch: 1 });
  });
  afterAll(async () => anvil?.stop());

  it('deploys StakeTable.sol at the announced address and registers every key, finalized when it returns', async () => {
    await registerCommand(flags(), log);
    // Read at L1's finalized block, as the broker and the nodes do: every key is there, with its stake.
    const table = await readL1StakeTable({ url: anvil.url, address: expectedAddress }, 100);
    const keys = [0, 1, 2].map((index) => Buffer.from(demoKeyPair('register-spec', index).publicKey).toString('hex'));
    expect(table.stakeTable.map((entry) => Buffer.from(entry.publicKey).toString('hex')).sort()).toEqual(keys.sort());
    expect(table.stakeTable.every((entry) => entry.stake === parseEther('32'))).toBe(true);
    expect(await nonce()).toBe(4);
  });

  it('changes nothing when run again, as after a container restart', async () => {
    await registerCommand(flags(), log);
    expect(await nonce()).toBe(4);
    expect(lines.filter((line) => line.includes('already registered'))).toHaveLength(3);
  });

  it('registers only the keys that are missing when the network grows', async () => {
    await registerCommand(flags({ nodes: 4 }), log);
    expect(await nonce()).toBe(5);
    const table = await readL1StakeTable({ url: anvil.url, address: expectedAddress }, 100);
    expect(table.stakeTable).toHaveLength(4);
  });

  it('refuses an address its account can no longer deploy to, and one that is no address', async () => {
    const elsewhere = getContractAddress({ from: account.address, nonce: 100n });
    await expect(registerCommand(flags({ 'stake-table': elsewhere }), log)).rejects.toThrow(
      StakeTableAddressMismatchError,
    );
    expect(await nonce()).toBe(5); // refused before sending anything
    await expect(registerCommand(flags({ 'stake-table': '0x1234' }), log)).rejects.toThrow(StakeTableAddressError);
  });
});
