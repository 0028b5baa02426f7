import { hexToBytes, serializeTransaction } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ANVIL_PRIVATE_KEYS } from '@hotshot/l1';
import { checkRollupTransaction } from './rollup-transaction';

describe('checkRollupTransaction', () => {
  const tx = {
    type: 'eip1559',
    chainId: 1001,
    nonce: 0,
    to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    value: 1n,
    gas: 21_000n,
    maxFeePerGas: 2n,
    maxPriorityFeePerGas: 1n,
  } as const;

  it('accepts a signed EVM transaction', async () => {
    const signed = await privateKeyToAccount(ANVIL_PRIVATE_KEYS[0]).signTransaction(tx);
    expect(checkRollupTransaction(hexToBytes(signed))).toEqual({ ok: true, type: 'eip1559' });
  });

  it('classifies garbage, an empty payload and an unsigned transaction as malformed, without throwing', () => {
    for (const payload of [
      new TextEncoder().encode('not a transaction'),
      new Uint8Array(0),
      new Uint8Array([0x02, 0xc0]),
    ]) {
      expect(checkRollupTransaction(payload)).toMatchObject({ ok: false });
    }
    expect(checkRollupTransaction(hexToBytes(serializeTransaction(tx)))).toMatchObject({
      ok: false,
      reason: 'unsigned transaction',
    });
  });
});
