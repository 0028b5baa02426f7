import { hexToBytes, parseGwei, type Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';

/**
 * Signed EVM transactions for the demo rollup, as a zkEVM rollup's users would send: EIP-1559 transfers from a
 * fresh account (a new key each run, so no two runs submit the same bytes), nonces in order.
 */
export class RollupTransactionFactory {
  private readonly account: PrivateKeyAccount = privateKeyToAccount(generatePrivateKey());
  private nonce = 0;

  constructor(private readonly chainId: number) {}

  /** The next transaction's serialized bytes. */
  async next(): Promise<Uint8Array> {
    const to = privateKeyToAccount(generatePrivateKey()).address as Address;
    const serialized = await this.account.signTransaction({
      type: 'eip1559',
      chainId: this.chainId,
      nonce: this.nonce++,
      to,
      value: 1_000_000_000_000n,
      gas: 21_000n,
      maxFeePerGas: parseGwei('2'),
      maxPriorityFeePerGas: parseGwei('1'),
    });
    return hexToBytes(serialized);
  }
}
