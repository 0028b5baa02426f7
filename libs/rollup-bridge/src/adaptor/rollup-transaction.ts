import { BaseError as ViemBaseError, bytesToHex, keccak256, parseTransaction } from 'viem';

/** What the adaptor makes of one transaction in the rollup's namespace. */
export type RollupTransactionCheck =
  { readonly ok: true; readonly type: string } | { readonly ok: false; readonly reason: string; readonly hash: string };

/**
 * Checks that a namespace transaction is a serialized, signed EVM transaction, as a zkEVM rollup expects. A
 * malformed one is still sequenced (the sequencer network orders bytes; the rollup's execution skips what does not
 * decode), so this only classifies, and never throws.
 */
export function checkRollupTransaction(payload: Uint8Array): RollupTransactionCheck {
  const hex = bytesToHex(payload);
  try {
    const parsed = parseTransaction(hex);
    if (parsed.r === undefined || parsed.s === undefined) {
      return { ok: false, reason: 'unsigned transaction', hash: keccak256(hex) };
    }
    return { ok: true, type: parsed.type ?? 'legacy' };
  } catch (error) {
    const reason =
      error instanceof ViemBaseError ? error.shortMessage : error instanceof Error ? error.message : 'unparsable';
    return { ok: false, reason: reason.slice(0, 200), hash: keccak256(hex) };
  }
}
