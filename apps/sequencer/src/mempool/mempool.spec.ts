import { transactionHash, type Transaction } from '@hotshot/protocol';
import { Mempool, type MempoolLimits, type MempoolRefusalReason } from './mempool';
import {
  BatchRefusedError,
  MempoolFullError,
  MempoolShareExceededError,
  TransactionRejectedError,
} from './mempool-errors';

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

  it('knows the hash of a waiting transaction from its bytes, until it is decided', () => {
    const pool = new Mempool(limits);
    const a = tx(1, 'a block transaction');
    pool.submit(a);
    // A block decodes its own copy of the bytes: equal content, another object.
    const copy = tx(1, 'a block transaction');
    expect(pool.knownHash(copy)).toBe(transactionHash(a));
    expect(pool.knownHash(tx(1, 'never submitted'))).toBeUndefined();
    pool.markDecided([transactionHash(a)]);
    expect(pool.knownHash(copy)).toBeUndefined();
  });

  describe('fair shares', () => {
    const shared: MempoolLimits = {
      maxTxBytes: 100,
      maxPendingTxs: 8,
      maxPendingBytes: 800,
      decidedMemory: 10,
      submitterShare: 0.25,
      namespaceShare: 0.5,
    };
    const flooder = { client: '10.0.0.1' };
    const honest = { client: '10.0.0.2' };

    it('refuses a submitter over its share with 429-type errors while others still get in', () => {
      const refusals: MempoolRefusalReason[] = [];
      const pool = new Mempool(shared, { onRefused: (reason) => refusals.push(reason) });
      pool.submit(tx(1, 'f0'), flooder);
      pool.submit(tx(2, 'f1'), flooder);
      expect(() => pool.submit(tx(3, 'f2'), flooder)).toThrow(MempoolShareExceededError);
      expect(() => pool.submit(tx(3, 'f2'), flooder)).toThrow('this submitter holds its whole share');
      expect(pool.submit(tx(3, 'h0'), honest).status).toBe('added');
      // A member forwarding is a submitter of its own, apart from the clients.
      expect(pool.submit(tx(4, 'm0'), { member: 2 }).status).toBe('added');
      expect(pool.usageOf(flooder)).toEqual({ txs: 2, bytes: 4 });
      expect(refusals).toEqual(['submitter_share', 'submitter_share']);
    });

    it('bounds a submitter by bytes as well as by count', () => {
      const pool = new Mempool(shared);
      pool.submit({ namespace: 1, payload: new Uint8Array(100) }, flooder);
      pool.submit({ namespace: 2, payload: new Uint8Array(100) }, flooder);
      let error: unknown;
      try {
        pool.submit({ namespace: 3, payload: new Uint8Array(1) }, { client: '10.0.0.1' });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(MempoolShareExceededError);
      expect(error).toMatchObject({ scope: 'submitter', details: { pendingBytes: 200, maxBytes: 200 } });
    });

    it('refuses a namespace over its share whoever submits', () => {
      const pool = new Mempool(shared);
      ['a', 'b', 'c', 'd'].forEach((t, i) => pool.submit(tx(9, t), { client: `10.1.0.${i}` }));
      expect(() => pool.submit(tx(9, 'e'), { client: '10.1.0.9' })).toThrow('this namespace holds its whole share');
      expect(pool.submit(tx(10, 'e'), { client: '10.1.0.9' }).status).toBe('added');
    });

    it('answers MempoolFullError once the whole pool is full, and counts it by reason', () => {
      const refusals: MempoolRefusalReason[] = [];
      const pool = new Mempool(shared, { onRefused: (reason) => refusals.push(reason) });
      for (let i = 0; i < 8; i++) pool.submit(tx(i, `t${i}`), { client: `10.2.0.${i}` });
      expect(() => pool.submit(tx(100, 'late'), { client: '10.2.0.100' })).toThrow(MempoolFullError);
      expect(() => pool.submit({ namespace: 1, payload: new Uint8Array(101) })).toThrow(TransactionRejectedError);
      expect(refusals).toEqual(['pool_full', 'too_large']);
    });

    it('frees a share when its transactions are decided, and still reports duplicates from memory', () => {
      const pool = new Mempool(shared);
      const mine = [tx(1, 'x'), tx(2, 'y')];
      mine.forEach((t) => pool.submit(t, flooder));
      expect(pool.submit(mine[0]!, flooder).status).toBe('pending');
      expect(pool.lookup(transactionHash(mine[0]!))).toBe('pending');
      pool.markDecided([transactionHash(mine[0]!)]);
      expect(pool.lookup(transactionHash(mine[0]!))).toBe('decided');
      expect(pool.usageOf(flooder)).toEqual({ txs: 1, bytes: 1 });
      expect(pool.submit(tx(3, 'z'), flooder).status).toBe('added');
    });

    it('refuses shares outside (0, 1]', () => {
      expect(() => new Mempool({ ...shared, submitterShare: 0 })).toThrow(RangeError);
      expect(() => new Mempool({ ...shared, namespaceShare: 1.5 })).toThrow(RangeError);
    });
  });

  describe('submitBatch', () => {
    it('adds all, counting earlier transactions of the batch, and reports duplicates as submit does', () => {
      const pool = new Mempool(limits);
      pool.submit(tx(1, 'a'));
      const outcomes = pool.submitBatch([{ tx: tx(1, 'a') }, { tx: tx(2, 'b') }, { tx: tx(2, 'b') }]);
      expect(outcomes.map((o) => o.status)).toEqual(['pending', 'added', 'pending']);
      expect(pool.size).toBe(2);
    });

    it('adds none when one is refused, names every refused one by position, and leaves the pool as it was', () => {
      const refused: MempoolRefusalReason[] = [];
      const pool = new Mempool(limits, { onRefused: (reason) => refused.push(reason) });
      pool.submit(tx(1, 'a'), { client: 'x' });
      const batch = [
        tx(1, 'b'),
        { namespace: 1, payload: new Uint8Array(101) },
        tx(1, 'c'),
        tx(1, 'd'),
        tx(1, 'e'),
        tx(1, 'f'),
      ];
      let error: unknown;
      try {
        pool.submitBatch(
          batch.map((t) => ({ tx: t })),
          { client: 'x' },
        );
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(BatchRefusedError);
      // b, c, d and e fit (with a, five of five); f finds the pool full.
      expect((error as BatchRefusedError).refusals.map((r) => [r.index, r.error.constructor])).toEqual([
        [1, TransactionRejectedError],
        [5, MempoolFullError],
      ]);
      expect(refused).toEqual(['too_large', 'pool_full']);
      expect([pool.size, pool.bytes, pool.usageOf({ client: 'x' }).txs]).toEqual([1, 1, 1]);
      expect(pool.submitBatch([{ tx: tx(1, 'b') }, { tx: tx(1, 'c') }], { client: 'x' })).toHaveLength(2);
      expect(pool.size).toBe(3);
    });
  });
});

describe('Mempool.onNextAdded', () => {
  const limits = { maxTxBytes: 1024, maxPendingTxs: 100, maxPendingBytes: 1 << 20, decidedMemory: 100 };
  const tx = (byte: number) => ({ namespace: 1, payload: Uint8Array.of(byte) });

  it('calls a listener once, after a whole batch is in the pool, and not after it was cancelled', async () => {
    const mempool = new Mempool(limits);
    const seen: number[] = [];
    mempool.onNextAdded(() => seen.push(mempool.size));
    const cancel = mempool.onNextAdded(() => seen.push(-1));
    cancel();
    mempool.submitBatch([{ tx: tx(1) }, { tx: tx(2) }, { tx: tx(3) }]);
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual([3]);
    mempool.submit(tx(4));
    await Promise.resolve();
    expect(seen).toEqual([3]);
  });

  it('does not fire for a duplicate, which adds nothing', async () => {
    const mempool = new Mempool(limits);
    mempool.submit(tx(1));
    let fired = false;
    mempool.onNextAdded(() => (fired = true));
    expect(mempool.submit(tx(1)).status).toBe('pending');
    await Promise.resolve();
    expect(fired).toBe(false);
  });
});
