import { parseTransaction, recoverTransactionAddress, toHex } from 'viem';
import { ANVIL_PRIVATE_KEYS } from '@hotshot/l1';
import { privateKeyToAccount } from 'viem/accounts';
import { LOAD_SENDER_INDICES, RollupSender } from './rollup-transactions';

describe('RollupSender', () => {
  it("signs from anvil's default accounts, which the rollup engine's genesis funds", async () => {
    // Index 0 of the mnemonic is anvil's first well-known key: the derivation is anvil's.
    expect(RollupSender.anvilAccount(0, 1001).address).toBe(privateKeyToAccount(ANVIL_PRIVATE_KEYS[0]).address);
    const sender = RollupSender.anvilAccount(LOAD_SENDER_INDICES[0], 1001);
    const [first, second] = [await sender.next(), await sender.next()];
    const serialized = toHex(second.payload) as `0x02${string}`;
    expect(parseTransaction(serialized)).toMatchObject({ chainId: 1001, nonce: 1, type: 'eip1559' });
    expect(await recoverTransactionAddress({ serializedTransaction: serialized })).toBe(sender.address);
    expect([first.nonce, second.nonce]).toEqual([0, 1]);
  });

  it('replays the rollup: executes nonces in turn, and after a gap sends again from the nonce it waits for', async () => {
    const sender = RollupSender.fresh(1001);
    const sent = await Promise.all([0, 1, 2, 3].map(() => sender.next()));
    expect(sent.map((tx) => tx.nonce)).toEqual([0, 1, 2, 3]);
    expect(sender.decided(sent[0]!)).toBe('executed');
    // 2 decided before 1: the rollup skips it, and the gap would swallow every later nonce.
    expect(sender.decided(sent[2]!)).toBe('skipped');
    const resent = await sender.next();
    expect(resent).toMatchObject({ nonce: 1, epoch: 1 });
    // 3 was in flight before the gap was seen: skipped, and no second restart.
    expect(sender.decided(sent[3]!)).toBe('skipped');
    expect((await sender.next()).nonce).toBe(2);
    // The late 1 still executes; its resent twin is then too low.
    expect(sender.decided(sent[1]!)).toBe('executed');
    expect(sender.decided(resent)).toBe('skipped');
    expect((await sender.next()).nonce).toBe(3);
  });

  it('restarts again when a resent transaction gaps too (one that never reached the chain)', async () => {
    const sender = RollupSender.fresh(1001);
    const sent = await Promise.all([0, 1].map(() => sender.next()));
    expect(sender.decided(sent[1]!)).toBe('skipped');
    const resent = await Promise.all([0, 1].map(() => sender.next()));
    expect(resent.map((tx) => [tx.nonce, tx.epoch])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    // The resent 0 is lost; its successor gaps in the new epoch.
    expect(sender.decided(resent[1]!)).toBe('skipped');
    expect(await sender.next()).toMatchObject({ nonce: 0, epoch: 2 });
  });
});
