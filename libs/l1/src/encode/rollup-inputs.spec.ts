import { concatHex, keccak256, numberToHex, padHex, type Hex } from 'viem';
import type { Bytes32, Header } from '@hotshot/protocol';
import { toHeaderArg } from './contract-args';
import {
  EMPTY_NAMESPACE_PAYLOAD_HASH,
  GENESIS_ACC_INPUT_HASH,
  accumulateInput,
  headerFromArg,
  namespacePayloadHash,
} from './rollup-inputs';

const word = (byte: string) => `0x${byte.repeat(32)}` as Hex;

describe('rollup inputs', () => {
  it('accumulates as abi.encode(bytes32, uint64, bytes32, bytes32): four 32-byte words', () => {
    const expected = keccak256(concatHex([GENESIS_ACC_INPUT_HASH, padHex(numberToHex(7)), word('aa'), word('bb')]));
    expect(accumulateInput(GENESIS_ACC_INPUT_HASH, 7, word('aa'), word('bb'))).toBe(expected);
  });

  it('changes with any input, so equal accumulators pin the whole sequence', () => {
    const base = accumulateInput(word('01'), 5, word('aa'), word('bb'));
    expect(accumulateInput(word('02'), 5, word('aa'), word('bb'))).not.toBe(base);
    expect(accumulateInput(word('01'), 6, word('aa'), word('bb'))).not.toBe(base);
    expect(accumulateInput(word('01'), 5, word('ab'), word('bb'))).not.toBe(base);
    expect(accumulateInput(word('01'), 5, word('aa'), word('bc'))).not.toBe(base);
  });

  it("takes a namespace's payload hash from the table, or the empty payload's when absent", () => {
    const table = [
      { namespace: 1, payloadHash: word('11') },
      { namespace: 4, payloadHash: word('44') },
    ];
    expect(namespacePayloadHash(table, 4)).toBe(word('44'));
    expect(namespacePayloadHash(table, 2)).toBe(EMPTY_NAMESPACE_PAYLOAD_HASH);
    expect(EMPTY_NAMESPACE_PAYLOAD_HASH).toBe(keccak256(new Uint8Array(4)));
  });

  it('reads a header back from its calldata form', () => {
    const header: Header = {
      chainId: 35353n,
      height: 12,
      timestamp: 1_700_000_000_123,
      l1Head: 4,
      parentCommitment: word('11') as Bytes32,
      payloadCommitment: word('22') as Bytes32,
      payloadSize: 99,
    };
    expect(headerFromArg(toHeaderArg(header))).toEqual(header);
  });
});
