import type { Hex } from 'viem';
import { GENESIS_ACC_INPUT_HASH, accumulateInput } from '@hotshot/l1';
import { ExecutionOrderError } from '../errors';
import { ExecutedChain } from './executed-chain';

const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;

describe('ExecutedChain', () => {
  it('accumulates the inputs of each height as the rollup contract does, from the start height', () => {
    const chain = new ExecutedChain(3);
    expect(chain.next).toBe(3);
    expect(chain.tip).toBeUndefined();
    const first = chain.record(
      3,
      { headerCommitment: word(1), payloadHash: word(2) },
      { l2Block: 1, stateRoot: word(3) },
    );
    const second = chain.record(
      4,
      { headerCommitment: word(4), payloadHash: word(5) },
      { l2Block: 2, stateRoot: word(6) },
    );
    const acc3 = accumulateInput(GENESIS_ACC_INPUT_HASH, 3, word(1), word(2));
    expect(first.accInputHash).toBe(acc3);
    expect(second.accInputHash).toBe(accumulateInput(acc3, 4, word(4), word(5)));
    expect(chain.tip).toBe(second);
    expect(chain.next).toBe(5);
    expect(chain.at(3)).toBe(first);
  });

  it('refuses a height out of order', () => {
    const chain = new ExecutedChain(3);
    const inputs = { headerCommitment: word(1), payloadHash: word(2) };
    const result = { l2Block: 1, stateRoot: word(3) };
    expect(() => chain.record(4, inputs, result)).toThrow(ExecutionOrderError);
    chain.record(3, inputs, result);
    expect(() => chain.record(3, inputs, result)).toThrow(/height 3 executed where 4 was next/);
  });

  it('keeps the tip after its record is forgotten', () => {
    const chain = new ExecutedChain(1);
    chain.record(1, { headerCommitment: word(1), payloadHash: word(2) }, { l2Block: 1, stateRoot: word(3) });
    chain.forgetBelow(5);
    expect(chain.at(1)).toBeUndefined();
    expect(chain.tip?.height).toBe(1);
    expect(chain.next).toBe(2);
  });
});
