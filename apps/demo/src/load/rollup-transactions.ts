import { hexToBytes, parseGwei, type Address } from 'viem';
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount, type LocalAccount } from 'viem/accounts';

/** The mnemonic of anvil's default accounts, which every anvil genesis funds (the rollup node's engine is one). */
const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';
/**
 * Indices of the anvil accounts the load generator sends rollup transactions from: funded on the demo's L2, and not
 * the first accounts a user imports into a wallet to try the L2, whose nonces would then race the generator's.
 */
export const LOAD_SENDER_INDICES = [5, 6, 7, 8, 9] as const;

/** One transaction of a sender, signed. */
export interface SignedRollupTransaction {
  readonly payload: Uint8Array;
  readonly nonce: number;
  /** How many times the sender had started again from a gap when it signed this one. */
  readonly epoch: number;
}

/**
 * One account that sends the demo rollup's EIP-1559 transfers (to a fresh address each, so no two are the same
 * bytes), and keeps its nonces in step with what the rollup executes. The rollup executes a transaction only when its
 * nonce is the account's next, in decided order; HotShot may decide two transactions of one account in the other
 * order, which leaves a gap that every later nonce would fall into. So the sender replays that rule on the decided
 * chain (decided()) and, after a gap, sends again from the nonce the rollup waits for.
 */
export class RollupSender {
  /** The nonce the rollup executes next from this account, by the replay. */
  private executable = 0;
  private nextNonce = 0;
  private epoch = 0;

  constructor(
    private readonly account: LocalAccount,
    private readonly chainId: number,
  ) {}

  /** Anvil's default account `index`, sending on `chainId`. */
  static anvilAccount(index: number, chainId: number): RollupSender {
    return new RollupSender(mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index }), chainId);
  }

  /** An account nobody funded (its transactions are skipped by the rollup): tests only. */
  static fresh(chainId: number): RollupSender {
    return new RollupSender(privateKeyToAccount(generatePrivateKey()), chainId);
  }

  get address(): Address {
    return this.account.address;
  }

  /** The next transaction, with the next nonce. */
  async next(): Promise<SignedRollupTransaction> {
    // Taken before the await, so concurrent calls get consecutive nonces.
    const nonce = this.nextNonce++;
    const epoch = this.epoch;
    const serialized = await this.account.signTransaction({
      type: 'eip1559',
      chainId: this.chainId,
      nonce,
      to: privateKeyToAccount(generatePrivateKey()).address,
      value: 1_000_000_000_000n,
      gas: 21_000n,
      maxFeePerGas: parseGwei('2'),
      maxPriorityFeePerGas: parseGwei('1'),
    });
    return { payload: hexToBytes(serialized), nonce, epoch };
  }

  /**
   * A transaction of this account was decided: whether the rollup executes it (its nonce is the next) or skips it.
   * One skipped past the next leaves a gap, so the following transactions start again from the next nonce; only
   * once per gap (the others of the same epoch were in flight before it was seen), again if a resent one gaps.
   */
  decided(tx: { readonly nonce: number; readonly epoch: number }): 'executed' | 'skipped' {
    if (tx.nonce === this.executable) {
      this.executable += 1;
      this.nextNonce = Math.max(this.nextNonce, this.executable);
      return 'executed';
    }
    if (tx.nonce > this.executable && tx.epoch === this.epoch) {
      this.nextNonce = this.executable;
      this.epoch += 1;
    }
    return 'skipped';
  }
}
