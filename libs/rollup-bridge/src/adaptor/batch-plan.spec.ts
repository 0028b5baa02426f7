import type { Bytes32, Header } from '@hotshot/protocol';
import type { NamespaceBlock } from '@hotshot/sequencer-api';
import { batchCalldataBytes, takeBatch } from './batch-plan';

const header = (height: number): Header => ({
  chainId: 1n,
  height,
  timestamp: 0,
  l1Head: 0,
  parentCommitment: `0x${'00'.repeat(32)}` as Bytes32,
  payloadCommitment: `0x${'00'.repeat(32)}` as Bytes32,
  payloadSize: 0,
});

const block = (height: number, txBytes: number[] = []): NamespaceBlock => ({
  height,
  header: header(height),
  headerCommitment: `0x${'11'.repeat(32)}` as Bytes32,
  available: true,
  namespaceTable: txBytes.length
    ? [{ namespace: 1, txCount: txBytes.length, payloadHash: `0x${'22'.repeat(32)}` as Bytes32 }]
    : [],
  transactions: txBytes.map((n) => new Uint8Array(n)),
});

describe('takeBatch', () => {
  const blocks = [block(5), block(6, [100]), block(7, [2000, 3000]), block(8), block(9)];

  it('takes consecutive heights up to what HotShot.sol holds', () => {
    expect(takeBatch(blocks, 'basic', { upToHeight: 7, maxHeights: 100, maxBytes: 1e9 }).map((b) => b.height)).toEqual([
      5, 6, 7,
    ]);
    expect(takeBatch(blocks, 'basic', { upToHeight: 4, maxHeights: 100, maxBytes: 1e9 })).toEqual([]);
  });

  it('stops at maxHeights', () => {
    expect(
      takeBatch(blocks, 'offchain-da', { upToHeight: 100, maxHeights: 2, maxBytes: 1e9 }).map((b) => b.height),
    ).toEqual([5, 6]);
  });

  it('stops before the calldata bound, but always takes one height', () => {
    const bound = batchCalldataBytes(blocks[0]!, 'basic') + batchCalldataBytes(blocks[1]!, 'basic');
    expect(
      takeBatch(blocks, 'basic', { upToHeight: 100, maxHeights: 100, maxBytes: bound }).map((b) => b.height),
    ).toEqual([5, 6]);
    expect(
      takeBatch([blocks[2]!], 'basic', { upToHeight: 100, maxHeights: 100, maxBytes: 10 }).map((b) => b.height),
    ).toEqual([7]);
  });

  it('counts transaction bytes in phase I only', () => {
    expect(batchCalldataBytes(blocks[2]!, 'basic') - batchCalldataBytes(blocks[2]!, 'offchain-da')).toBeGreaterThan(
      5000,
    );
    expect(batchCalldataBytes(blocks[2]!, 'offchain-da')).toBe(batchCalldataBytes(block(7, [1, 1]), 'offchain-da'));
  });
});
