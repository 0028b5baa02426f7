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

describe('blockTransactionHashes with known hashes', () => {
  const bounds = { maxTxBytes: 100, maxBlockBytes: 10_000, maxBlockTxs: 100 };
  const txs = [1, 2, 3].map((namespace, i) => ({ namespace, payload: new Uint8Array([i, i]) }));

  it('takes a known hash instead of hashing, and hashes the rest', () => {
    const payload = buildBlockPayload(txs, bounds);
    const asked: number[] = [];
    const hashes = blockTransactionHashes(payload, (tx) => {
      asked.push(tx.namespace);
      return tx.namespace === 2 ? transactionHash(txs[1]!) : undefined;
    });
    expect(asked).toEqual([1, 2, 3]);
    expect(hashes).toEqual(txs.map(transactionHash));
  });

  it('asks nothing for a payload already hashed', () => {
    const payload = buildBlockPayload(txs, bounds);
    const first = blockTransactionHashes(payload);
    const known = jest.fn(() => undefined);
    expect(blockTransactionHashes(payload, known)).toBe(first);
    expect(known).not.toHaveBeenCalled();
  });
});
