import {
  BaseError as ViemBaseError,
  keccak256,
  parseTransaction,
  recoverTransactionAddress,
  type Address,
  type Hex,
} from 'viem';

/** A namespace transaction the engine will execute. */
export interface ValidTransaction {
  readonly ok: true;
  readonly hash: Hex;
  readonly raw: Hex;
  readonly from: Address;
  readonly nonce: number;
}

/** A namespace transaction every node skips, and why. */
export interface SkippedTransaction {
  readonly ok: false;
  readonly hash: Hex;
  readonly reason: string;
}

/** The outcome of checking one namespace transaction before execution. */
export type TransactionCheck = ValidTransaction | SkippedTransaction;

/**
 * Decodes and authenticates one raw namespace transaction for the rollup's chain: it must be RLP a signed EVM
 * transaction for `chainId` whose signature recovers. Depends only on the bytes, so every node decides alike.
 */
export async function decodeRollupTransaction(raw: Hex, chainId: number): Promise<TransactionCheck> {
  const hash = keccak256(raw);
  try {
    const parsed = parseTransaction(raw);
    if (parsed.r === undefined || parsed.s === undefined) return { ok: false, hash, reason: 'unsigned' };
    // Pre-EIP-155 legacy transactions carry no chain id and would replay across chains.
    if (parsed.chainId !== chainId) {
      return { ok: false, hash, reason: `chain id ${parsed.chainId ?? 'none'} is not ${chainId}` };
    }
    const from = await recoverTransactionAddress({ serializedTransaction: raw as never });
    return { ok: true, hash, raw, from, nonce: parsed.nonce ?? 0 };
  } catch (error) {
    const reason =
      error instanceof ViemBaseError ? error.shortMessage : error instanceof Error ? error.message : 'unparsable';
    return { ok: false, hash, reason: `undecodable: ${reason.slice(0, 160)}` };
  }
}

/**
 * Orders a height's decoded transactions against the senders' nonces: a transaction runs only when its nonce is the
 * sender's next one, counting the ones before it in the same height. `nonceOf` gives the nonce before the height.
 */
export async function planHeight(
  checks: readonly TransactionCheck[],
  nonceOf: (from: Address) => Promise<number>,
): Promise<TransactionCheck[]> {
  const next = new Map<Address, number>();
  const planned: TransactionCheck[] = [];
  for (const check of checks) {
    if (!check.ok) {
      planned.push(check);
      continue;
    }
    const expected = next.get(check.from) ?? (await nonceOf(check.from));
    if (check.nonce !== expected) {
      planned.push({ ok: false, hash: check.hash, reason: `nonce ${check.nonce} is not the next (${expected})` });
      continue;
    }
    next.set(check.from, expected + 1);
    planned.push(check);
  }
  return planned;
}
