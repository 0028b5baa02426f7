import type { Abi, Address, ContractFunctionArgs, ContractFunctionName, Hash, TransactionReceipt } from 'viem';
import { ContractRevertError, GasBudgetExceededError } from '../errors';
import { decodeContractRevert } from './contract-errors';
import type { L1Clients } from './l1-clients';
import { sleep } from '@hotshot/telemetry';

/** One contract call to send. */
export interface ContractCall<TAbi extends Abi, TName extends ContractFunctionName<TAbi, 'nonpayable'>> {
  readonly address: Address;
  readonly abi: TAbi;
  readonly functionName: TName;
  readonly args: ContractFunctionArgs<TAbi, 'nonpayable', TName>;
  /** Refuse (GasBudgetExceededError) when the estimate exceeds this. */
  readonly gasBudget: bigint;
}

/** A mined, successful call. */
export interface SentCall {
  readonly hash: Hash;
  readonly receipt: TransactionReceipt;
  readonly gasEstimate: bigint;
}

/**
 * Sends contract calls from one account so that a call that would revert never leaves: each is estimated first
 * (an eth_call with the same state checks, which throws the contract's error, decoded), checked against a gas
 * budget, then sent and awaited. Before reading state to build a call, `settle` waits until none of this
 * account's transactions is still pending, so a restart never builds a second call for heights already in flight.
 * Calls through one writer go out one at a time, so several tasks can share an account without racing for a nonce.
 */
export class ContractWriter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly l1: L1Clients) {}

  /** Waits until the account has no pending transaction (its pending nonce equals its mined one). */
  async settle(signal: AbortSignal, pollMs = 500): Promise<void> {
    const address = this.l1.account.address;
    for (;;) {
      const [mined, pending] = await Promise.all([
        this.l1.publicClient.getTransactionCount({ address, blockTag: 'latest' }),
        this.l1.publicClient.getTransactionCount({ address, blockTag: 'pending' }),
      ]);
      if (pending <= mined || signal.aborted) return;
      await sleep(pollMs, signal);
    }
  }

  /**
   * Estimates, sends and awaits `call`. Throws ContractRevertError (decoded through `call.abi`) when the
   * estimate or the mined transaction reverts, GasBudgetExceededError over budget, and viem's errors otherwise.
   */
  send<TAbi extends Abi, TName extends ContractFunctionName<TAbi, 'nonpayable'>>(
    call: ContractCall<TAbi, TName>,
  ): Promise<SentCall> {
    const sent = this.queue.then(() => this.sendNow(call));
    this.queue = sent.catch(() => undefined);
    return sent;
  }

  private async sendNow<TAbi extends Abi, TName extends ContractFunctionName<TAbi, 'nonpayable'>>(
    call: ContractCall<TAbi, TName>,
  ): Promise<SentCall> {
    const { publicClient, walletClient, account } = this.l1;
    const request = { address: call.address, abi: call.abi, functionName: call.functionName, args: call.args };
    let gasEstimate: bigint;
    try {
      gasEstimate = await publicClient.estimateContractGas({ ...request, account } as never);
    } catch (error) {
      throw decodeContractRevert(error, call.functionName) ?? error;
    }
    if (gasEstimate > call.gasBudget) throw new GasBudgetExceededError(gasEstimate, call.gasBudget);
    // 20% over the estimate: state read by the call (a segment hint, say) may change before it is mined.
    const gas = (gasEstimate * 12n) / 10n;
    const hash = await walletClient.writeContract({ ...request, gas, account, chain: walletClient.chain } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 250, timeout: 120_000 });
    if (receipt.status !== 'success') throw await this.revertOf(call, hash, receipt.blockNumber);
    return { hash, receipt, gasEstimate };
  }

  /** Replays a mined call that reverted to learn its error. */
  private async revertOf(
    call: { address: Address; abi: Abi; functionName: string; args: unknown },
    hash: Hash,
    blockNumber: bigint,
  ): Promise<ContractRevertError> {
    try {
      await this.l1.publicClient.simulateContract({
        address: call.address,
        abi: call.abi,
        functionName: call.functionName,
        args: call.args,
        account: this.l1.account,
        blockNumber: blockNumber - 1n,
      } as never);
    } catch (error) {
      const decoded = decodeContractRevert(error, call.functionName);
      if (decoded)
        return new ContractRevertError(call.functionName, decoded.errorName, decoded.args, { transactionHash: hash });
    }
    return new ContractRevertError(call.functionName, 'unknown error', {}, { transactionHash: hash });
  }
}
