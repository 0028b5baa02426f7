import { parseGwei, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ANVIL_PRIVATE_KEYS } from '@hotshot/l1';
import { decodeRollupTransaction, planHeight, type TransactionCheck } from './transaction-check';

const alice = privateKeyToAccount(ANVIL_PRIVATE_KEYS[0]);
const bob = privateKeyToAccount(ANVIL_PRIVATE_KEYS[1]);

function transfer(account: typeof alice, nonce: number, chainId = 1001): Promise<Hex> {
  return account.signTransaction({
    type: 'eip1559',
    chainId,
    nonce,
    to: bob.address,
    value: 5n,
    gas: 21_000n,
    maxFeePerGas: parseGwei('2'),
    maxPriorityFeePerGas: parseGwei('1'),
  });
}

describe('decodeRollupTransaction', () => {
  it('accepts a signed transaction for the chain and recovers its sender and nonce', async () => {
    const check = await decodeRollupTransaction(await transfer(alice, 4), 1001);
    expect(check).toMatchObject({ ok: true, from: alice.address, nonce: 4 });
  });

  it('skips bad RLP, another chain id and a tampered signature, naming the reason', async () => {
    const garbage = await decodeRollupTransaction('0xff6e6f7420616e2045564d207478', 1001);
    expect(garbage).toMatchObject({ ok: false, reason: expect.stringMatching(/^undecodable/) });
    const otherChain = await decodeRollupTransaction(await transfer(alice, 0, 31337), 1001);
    expect(otherChain).toMatchObject({ ok: false, reason: 'chain id 31337 is not 1001' });
    const good = await transfer(alice, 0);
    // Flip a byte inside s (the last 32 bytes): the signature no longer recovers alice, or no key at all.
    const tampered = `${good.slice(0, -4)}${good.slice(-4, -2) === '00' ? '01' : '00'}${good.slice(-2)}` as Hex;
    const check = await decodeRollupTransaction(tampered, 1001);
    expect(check.ok && check.from === alice.address).toBe(false);
  });
});

describe('planHeight', () => {
  it("runs each sender's transactions only in nonce order from its nonce before the height", async () => {
    const raws = await Promise.all([
      transfer(alice, 3),
      transfer(alice, 5),
      transfer(alice, 4),
      transfer(bob, 0),
      transfer(bob, 0),
    ]);
    const checks: TransactionCheck[] = await Promise.all(raws.map((raw) => decodeRollupTransaction(raw, 1001)));
    const nonces: Record<Address, number> = { [alice.address]: 3, [bob.address]: 0 };
    const planned = await planHeight(checks, async (from) => nonces[from]!);
    expect(planned.map((p) => p.ok)).toEqual([true, false, true, true, false]);
    expect(planned[1]).toMatchObject({ ok: false, reason: 'nonce 5 is not the next (4)' });
    expect(planned[4]).toMatchObject({ ok: false, reason: 'nonce 0 is not the next (1)' });
  });
});
