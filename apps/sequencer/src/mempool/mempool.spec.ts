import { transactionHash, type Transaction } from '@hotshot/protocol';
import { Mempool, type MempoolLimits } from './mempool';
import { MempoolFullError, TransactionRejectedError } from './mempool-errors';

const limits: MempoolLimits = { maxTxBytes: 100, maxPendingTxs: 5, maxPendingBytes: 300, decidedMemory: 3 };
const tx = (namespace: number, text: string): Transaction => ({ namespace, payload: new TextEncoder().encode(text) });
const bounds = { maxTxBytes: 100, maxBlockBytes: 1000, maxBlockTxs: 100 };

describe('Mempool', () => {
  it('adds a transaction once and reports duplicates without error', () => {
    const pool = new Mempool(limits);
    const a = tx(1, 'a');
    expect(pool.submit(a)).toEqual({ hash: transactionHash(a), status: 'added' });
    expect(pool.submit(tx(1, 'a'))).toEqual({ hash: transactionHash(a), status: 'pending' });
    expect(pool.size).toBe(1);
    expect(pool.bytes).toBe(1);
  });

  it('treats the same bytes in another namespace as another transaction', () => {
    const pool = new Mempool(limits);
    pool.submit(tx(1, 'a'));
    expect(pool.submit(tx(2, 'a')).status).toBe('added');
  });

  it('refuses a transaction over maxTxBytes or with a namespace outside uint32, naming the bound', () => {
    const pool = new Mempool(limits);
    expect(() => pool.submit({ namespace: 1, payload: new Uint8Array(101) })).toThrow(TransactionRejectedError);
    expect(() => pool.submit({ namespace: 1, payload: new Uint8Array(101) })).toThrow('maxTxBytes');
    expect(() => pool.submit(tx(-1, 'a'))).toThrow('namespace must be a uint32');
    expect(() => pool.submit(tx(2 ** 32, 'a'))).toThrow('namespace must be a uint32');
    expect(pool.size).toBe(0);
  });

  it('is bounded by count and by bytes', () => {
    const byCount = new Mempool(limits);
    for (let i = 0; i < 5; i++) byCount.submit(tx(1, `t${i}`));
    expect(() => byCount.submit(tx(1, 'one more'))).toThrow(MempoolFullError);

    const byBytes = new Mempool(limits);
    byBytes.submit({ namespace: 1, payload: new Uint8Array(100) });
    byBytes.submit({ namespace: 2, payload: new Uint8Array(100) });
    byBytes.submit({ namespace: 3, payload: new Uint8Array(100) });
    expect(() => byBytes.submit({ namespace: 4, payload: new Uint8Array(1) })).toThrow('the mempool is full');
  });

  it('selects in arrival order within the block bounds, skipping excluded hashes', () => {
    const pool = new Mempool(limits);
    const txs = ['a', 'b', 'c', 'd'].map((t) => tx(1, t));
    txs.forEach((t) => pool.submit(t));
    expect(pool.selectForBlock(bounds)).toEqual(txs);
    expect(pool.selectForBlock({ ...bounds, maxBlockTxs: 2 })).toEqual(txs.slice(0, 2));
    expect(pool.selectForBlock({ ...bounds, maxBlockBytes: 9 * 3 })).toEqual(txs.slice(0, 3));
    expect(pool.selectForBlock(bounds, new Set([transactionHash(txs[1]!)]))).toEqual([txs[0], txs[2], txs[3]]);
  });

  it('forgets decided transactions, refuses to re-add them, and remembers a bounded number', () => {
    const pool = new Mempool(limits);
    const txs = ['a', 'b', 'c', 'd', 'e'].map((t) => tx(1, t));
    txs.forEach((t) => pool.submit(t));
    pool.markDecided([transactionHash(txs[0]!), transactionHash(txs[1]!)]);
    expect(pool.size).toBe(3);
    expect(pool.submit(txs[0]!).status).toBe('decided');
    pool.markDecided(txs.slice(2).map((t) => transactionHash(t)));
    expect(pool.size).toBe(0);
    expect(pool.bytes).toBe(0);
    // Only the last three decided hashes are remembered; the oldest can be submitted again.
    expect(pool.submit(txs[0]!).status).toBe('added');
    expect(pool.submit(txs[4]!).status).toBe('decided');
  });
});
