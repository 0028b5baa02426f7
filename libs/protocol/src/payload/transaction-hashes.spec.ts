import { buildBlockPayload, blockTransactions } from './block-payload';
import { transactionHash } from './transaction';
import { blockTransactionHashes } from './transaction-hashes';

describe('blockTransactionHashes', () => {
  const bounds = { maxTxBytes: 100, maxBlockBytes: 10_000, maxBlockTxs: 100 };
  const payload = buildBlockPayload(
    [2, 1, 2, 3].map((namespace, i) => ({ namespace, payload: new Uint8Array([i]) })),
    bounds,
  );

  it('gives the hashes in block order', () => {
    expect(blockTransactionHashes(payload)).toEqual(blockTransactions(payload).map(transactionHash));
  });

  it('answers the same array for the same payload object', () => {
    expect(blockTransactionHashes(payload)).toBe(blockTransactionHashes(payload));
  });
});
