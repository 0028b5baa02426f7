import type { Address, TransactionSerializable } from 'viem';

/** Why a transaction is refused at send, as a metric label. */
export type RefusalReason =
  | 'already_known'
  | 'nonce_too_low'
  | 'nonce_too_high'
  | 'replacement'
  | 'insufficient_funds'
  | 'intrinsic_gas'
  | 'type_not_supported'
  | 'pool_full';

/** A refusal with geth's JSON-RPC code and message, so wallets (ethers, viem, cast) recognise it. */
export interface Refusal {
  readonly reason: RefusalReason;
  readonly code: number;
  readonly message: string;
}

/** What the node knows about a sender: its state after the last executed height, and its pending transactions. */
export interface SenderState {
  /** Nonce after the last executed height. */
  readonly stateNonce: number;
  /** Balance after the last executed height, wei. */
  readonly balance: bigint;
  /** The next nonce once its pending transactions run (stateNonce when none are pending). */
  readonly nextNonce: number;
  /** What its pending transactions may spend at most: gas limit * fee cap + value, summed, wei. */
  readonly pendingCost: bigint;
}

// geth answers every transaction pool error with -32000 (no error code of its own).
const GETH_TX_ERROR = -32000;

/** The most a transaction may spend: gas limit times its fee cap (or gas price), plus its value. */
export function maxCost(tx: TransactionSerializable): bigint {
  const price = 'maxFeePerGas' in tx && tx.maxFeePerGas !== undefined ? tx.maxFeePerGas : (tx.gasPrice ?? 0n);
  return (tx.gas ?? 0n) * price + (tx.value ?? 0n);
}

/**
 * The gas a transaction costs before any code runs, after Shanghai: 21000 (53000 creating a contract), 4 per zero and
 * 16 per non-zero byte of data, 2400 per access-list address and 1900 per key, and 2 per 32-byte word of init code.
 */
export function intrinsicGas(tx: TransactionSerializable): bigint {
  const creates = tx.to === undefined || tx.to === null;
  let gas = creates ? 53_000n : 21_000n;
  const data = tx.data ?? '0x';
  for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === '00' ? 4n : 16n;
  if ('accessList' in tx && tx.accessList) {
    for (const entry of tx.accessList) gas += 2400n + 1900n * BigInt(entry.storageKeys.length);
  }
  if (creates) gas += 2n * BigInt(Math.ceil((data.length - 2) / 2 / 32));
  return gas;
}

/** Prague's floor on a transaction's gas (EIP-7623): 21000 plus 10 per calldata token (zero bytes 1, others 4). */
export function floorDataGas(tx: TransactionSerializable): bigint {
  const data = tx.data ?? '0x';
  let tokens = 0n;
  for (let i = 2; i < data.length; i += 2) tokens += data.slice(i, i + 2) === '00' ? 1n : 4n;
  return 21_000n + 10n * tokens;
}

/**
 * Whether a signed transaction from `from` could ever execute once sequenced behind the sender's pending ones; the
 * refusal geth's pool would give otherwise. The rollup skips a nonce gap (it never fills later in sequence order),
 * so unlike geth's queue, a nonce above the next one is refused too.
 */
export function admissionRefusal(tx: TransactionSerializable, from: Address, sender: SenderState): Refusal | undefined {
  const nonce = tx.nonce ?? 0;
  const refuse = (reason: RefusalReason, message: string): Refusal => ({ reason, code: GETH_TX_ERROR, message });
  if (nonce < sender.stateNonce) {
    return refuse('nonce_too_low', `nonce too low: address ${from}, tx: ${nonce} state: ${sender.stateNonce}`);
  }
  if (nonce < sender.nextNonce) {
    // Its nonce is taken by a transaction already handed to the sequencer: no fee bump can replace that one.
    return refuse('replacement', 'replacement transaction underpriced');
  }
  if (nonce > sender.nextNonce) {
    return refuse('nonce_too_high', `nonce too high: address ${from}, tx: ${nonce} state: ${sender.nextNonce}`);
  }
  const intrinsic = intrinsicGas(tx);
  if ((tx.gas ?? 0n) < intrinsic) {
    return refuse('intrinsic_gas', `intrinsic gas too low: gas ${tx.gas ?? 0n}, minimum needed ${intrinsic}`);
  }
  const floor = floorDataGas(tx);
  if ((tx.gas ?? 0n) < floor) {
    return refuse(
      'intrinsic_gas',
      `insufficient gas for floor data gas cost: gas ${tx.gas ?? 0n}, minimum needed ${floor}`,
    );
  }
  const available = sender.balance - sender.pendingCost;
  const cost = maxCost(tx);
  if (available < cost) {
    return refuse(
      'insufficient_funds',
      `insufficient funds for gas * price + value: address ${from} have ${available < 0n ? 0n : available} want ${cost}`,
    );
  }
  return undefined;
}
