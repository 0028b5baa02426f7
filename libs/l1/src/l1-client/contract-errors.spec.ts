import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult } from 'viem';
import { SequencerUnreachableError } from '@hotshot/sequencer-api';
import { hotShotAbi } from '../generated/hot-shot';
import { zkEvmRollupAbi } from '../generated/zk-evm-rollup';
import { decodeContractRevert, errorLogFields } from './contract-errors';

/** A revert as viem reports a failed estimate or simulation of `functionName`. */
function revertOf(abi: typeof hotShotAbi | typeof zkEvmRollupAbi, functionName: string, data: `0x${string}`) {
  const reverted = new ContractFunctionRevertedError({ abi, data, functionName });
  return new ContractFunctionExecutionError(reverted, {
    abi,
    args: [],
    functionName,
    contractAddress: '0x0000000000000000000000000000000000000001',
  });
}

describe('decodeContractRevert', () => {
  it("names the contract's error and its arguments by parameter name", () => {
    const data = encodeErrorResult({ abi: hotShotAbi, errorName: 'UnexpectedHeight', args: [5n, 7n] });
    const decoded = decodeContractRevert(revertOf(hotShotAbi, 'newBlocks', data), 'newBlocks');
    expect(decoded?.errorName).toBe('UnexpectedHeight');
    expect(decoded?.args).toEqual({ expected: 5n, got: 7n });
    expect(decoded?.shortMessage).toBe('newBlocks reverted with UnexpectedHeight');
  });

  it('decodes the rollup errors too, and gives log fields for them', () => {
    const data = encodeErrorResult({ abi: zkEvmRollupAbi, errorName: 'HeightNotFinalized', args: [12n, 10n] });
    expect(errorLogFields(revertOf(zkEvmRollupAbi, 'sequenceBatches', data), 'sequenceBatches')).toEqual({
      error: 'HeightNotFinalized',
      reason: 'sequenceBatches reverted with HeightNotFinalized',
      height: 12n,
      hotShotHeight: 10n,
    });
  });

  it('is undefined for what is not a revert, whose log fields keep the cause', () => {
    const error = new SequencerUnreachableError('http://127.0.0.1:1', new Error('connect ECONNREFUSED'));
    expect(decodeContractRevert(error, 'newBlocks')).toBeUndefined();
    expect(errorLogFields(error, 'newBlocks')).toMatchObject({
      error: 'SequencerUnreachableError',
      url: 'http://127.0.0.1:1',
      cause: 'connect ECONNREFUSED',
    });
  });
});
