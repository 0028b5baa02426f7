import { HEADER_ABI, genesisHeader, headerCommitment, type Header } from '@hotshot/protocol';
import { toEip2537G1 } from '@hotshot/crypto';
import { concatHex, encodeAbiParameters, keccak256, type AbiParameter } from 'viem';
import { CertificateMismatchError, InvalidPointEncodingError, NothingToEncodeError } from '../errors';
import { hotShotAbi } from '../generated/hot-shot';
import { zkEvmRollupAbi } from '../generated/zk-evm-rollup';
import { buildBlocks, certifyHeader, demoMembers } from '../testing/certified-blocks';
import { toBatchArg, toG1PointArg, toG2PointArg, toHeaderArg, toNewBlocksArgs, toStakeTableArg } from './contract-args';

const CHAIN_ID = 7n;
const { keys, stakeTable } = demoMembers('encode-spec', 3);
const genesis = genesisHeader(CHAIN_ID);
const { headers, payloads } = buildBlocks(CHAIN_ID, { height: 0, commitment: headerCommitment(genesis) }, [
  [{ namespace: 5, payload: Uint8Array.of(9, 9) }],
  [],
]);

/** The Header tuple as HotShot.sol's ABI declares it in `newBlocks`. */
function headerTuple(): AbiParameter {
  const newBlocks = hotShotAbi.find((item) => item.type === 'function' && item.name === 'newBlocks');
  if (!newBlocks || newBlocks.type !== 'function') throw new Error('newBlocks is not in the ABI');
  const { components } = newBlocks.inputs[0] as { components: readonly AbiParameter[] };
  return { type: 'tuple', components: [...components] } as AbiParameter;
}

describe('toHeaderArg', () => {
  it('is the HEADER_ABI of libs/protocol: the Header tuple both contracts declare, field by field in order', () => {
    const shape = (components: readonly AbiParameter[]) => components.map(({ name, type }) => ({ name, type }));
    const sequenceBatches = zkEvmRollupAbi.find((item) => item.type === 'function' && item.name === 'sequenceBatches');
    if (!sequenceBatches || sequenceBatches.type !== 'function') throw new Error('sequenceBatches is not in the ABI');
    const [batch] = (sequenceBatches.inputs[0] as { components: readonly AbiParameter[] }).components;
    expect(batch.name).toBe('header');
    const { components: batchHeader } = batch as { components: readonly AbiParameter[] };
    const { components: newBlocksHeader } = headerTuple() as { components: readonly AbiParameter[] };
    expect(shape(newBlocksHeader)).toEqual(shape(HEADER_ABI.components));
    expect(shape(batchHeader)).toEqual(shape(HEADER_ABI.components));
  });

  it('encodes, with the contract ABI, to what libs/protocol commits to', () => {
    for (const header of [genesis, ...headers]) {
      expect(keccak256(encodeAbiParameters([headerTuple()], [toHeaderArg(header)]))).toBe(headerCommitment(header));
    }
  });
});

describe('point encodings', () => {
  it('splits an EIP-2537 G1 key into the four words of BLS.G1Point', () => {
    const encoded = toEip2537G1(keys[0].publicKey);
    const point = toG1PointArg(encoded);
    expect(concatHex([point.x_a, point.x_b, point.y_a, point.y_b])).toBe(encoded);
    expect(point.x_a.slice(2, 34)).toBe('0'.repeat(32));
  });

  it('refuses encodings of the wrong length', () => {
    expect(() => toG1PointArg(new Uint8Array(96))).toThrow(InvalidPointEncodingError);
    expect(() => toG2PointArg(new Uint8Array(128))).toThrow(InvalidPointEncodingError);
  });

  it('turns a stake table into constructor entries', () => {
    const entries = toStakeTableArg(stakeTable);
    expect(entries).toHaveLength(3);
    expect(entries[2].stake).toBe(1n);
    expect(concatHex(Object.values(entries[2].publicKey))).toBe(toEip2537G1(keys[2].publicKey));
  });
});

describe('toNewBlocksArgs', () => {
  it('pairs the headers with the certificate over the last one', () => {
    const cert = certifyHeader(headers[1], keys, [0, 2]);
    const [headerArgs, certArg] = toNewBlocksArgs(headers, cert);
    expect(headerArgs.map((h) => h.height)).toEqual([1n, 2n]);
    expect(certArg.signers).toBe('0x05');
    expect(Object.values(certArg.signature)).toHaveLength(8);
  });

  it('refuses a certificate over another header before any gas is spent', () => {
    const cert = certifyHeader(headers[0], keys, [0, 1, 2]);
    expect(() => toNewBlocksArgs(headers, cert)).toThrow(CertificateMismatchError);
    const forged: Header = { ...headers[1], l1Head: 99 };
    expect(() => toNewBlocksArgs([headers[0], forged], certifyHeader(headers[1], keys, [0]))).toThrow(
      CertificateMismatchError,
    );
  });

  it('refuses an empty header list', () => {
    expect(() => toNewBlocksArgs([], certifyHeader(headers[0], keys, [0]))).toThrow(NothingToEncodeError);
  });
});

describe('toBatchArg', () => {
  it('carries the table and the transactions as hex', () => {
    const batch = toBatchArg(headers[0], payloads[0].namespaceTable, [Uint8Array.of(9, 9)]);
    expect(batch.transactions).toEqual(['0x0909']);
    expect(batch.namespaceTable).toEqual([
      { namespace: 5, txCount: 1, payloadHash: payloads[0].namespaceTable[0].payloadHash },
    ]);
  });
});
