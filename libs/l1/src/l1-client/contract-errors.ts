import { BaseError as ViemBaseError, ContractFunctionRevertedError, type Abi, type AbiParameter } from 'viem';
import { BaseError } from '@hotshot/protocol';
import { ContractRevertError } from '../errors';

/**
 * The contract error inside a viem error, decoded through the ABI the call was made with: its name and its
 * arguments by parameter name (`UnexpectedHeight { expected: 5n, got: 7n }`). Undefined when the error is not a
 * revert with data (a network failure, say).
 */
export function decodeContractRevert(error: unknown, functionName: string): ContractRevertError | undefined {
  if (error instanceof ContractRevertError) return error;
  if (!(error instanceof ViemBaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  const data = reverted.data;
  if (!data) {
    // A revert whose data does not match the ABI: keep the selector viem saw, if any.
    return new ContractRevertError(
      functionName,
      reverted.signature ?? reverted.reason ?? 'unknown error',
      {},
      {
        cause: error,
      },
    );
  }
  const inputs = (data.abiItem as { inputs?: readonly AbiParameter[] } | undefined)?.inputs ?? [];
  const args: Record<string, unknown> = {};
  (data.args ?? []).forEach((value, i) => (args[inputs[i]?.name || `arg${i}`] = value));
  return new ContractRevertError(functionName, data.errorName, args, { cause: error });
}

/** Log fields for any error: the decoded contract error when there is one, else the error's name and message. */
export function errorLogFields(error: unknown, functionName?: string): Record<string, unknown> {
  const revert = functionName ? decodeContractRevert(error, functionName) : undefined;
  if (revert) return { error: revert.errorName, reason: revert.shortMessage, ...revert.args };
  if (error instanceof BaseError) {
    const cause = error.cause instanceof Error ? rootMessage(error.cause) : undefined;
    return { error: error.name, reason: error.shortMessage, ...error.details, ...(cause && { cause }) };
  }
  if (error instanceof ViemBaseError) return { error: error.name, reason: error.shortMessage };
  if (error instanceof Error) return { error: error.name, reason: error.message };
  return { error: 'Unknown', reason: String(error) };
}

/** The message of the innermost cause (where a network failure says what happened). */
function rootMessage(error: Error): string {
  let current: Error = error;
  for (let depth = 0; depth < 8 && current.cause instanceof Error; depth++) current = current.cause;
  return current instanceof ViemBaseError ? current.shortMessage : current.message;
}

/** Whether `abi` declares an error named `name` (so a decoded revert is this contract's own). */
export function declaresError(abi: Abi, name: string): boolean {
  return abi.some((item) => item.type === 'error' && item.name === name);
}
