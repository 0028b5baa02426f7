import { transactionHash, type Transaction } from '@hotshot/protocol';
import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import { buildDecidedChain } from '@hotshot/storage/testing';
import { NodeMetrics } from '../metrics/node-metrics';
import { Mempool } from './mempool';
import { BatchRefusedError, MempoolFullError, TransactionRejectedError } from './mempool-errors';
import { SubmissionService } from './submission-service';

const tx = (namespace: number, text: string): Transaction => ({ namespace, payload: new TextEncoder().encode(text) });
const tooLarge: Transaction = { namespace: 1, payload: new Uint8Array(101) };
const client = { client: '10.0.0.1' };
/** Decided before the test starts, in the stored index only (the mempool never saw it). */
const decidedTx = tx(7, 'decided long ago');

describe('SubmissionService', () => {
  let store: AvailabilityStore;
  let metrics: NodeMetrics;
  let mempool: Mempool;
  let forwarded: Transaction[];
  let service: SubmissionService;

  beforeEach(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    await store.appendDecided(buildDecidedChain(1n, [[decidedTx]]));
    metrics = new NodeMetrics();
    // Wired as the node wires it: the mempool counts its refusals by reason and source.
    mempool = new Mempool(
      { maxTxBytes: 100, maxPendingTxs: 3, maxPendingBytes: 1000, decidedMemory: 10 },
      {
        onRefused: (reason, from) =>
          metrics.mempoolRefusals.inc({ reason, source: 'member' in from ? 'forwarded' : 'api' }),
      },
    );
    forwarded = [];
    service = new SubmissionService({
      mempool,
      decided: store,
      forwarder: { forward: (t) => forwarded.push(t) },
      metrics,
    });
  });
  afterEach(() => store.close());

  /** The submitted-transactions counter by outcome. */
  const submitted = async () =>
    Object.fromEntries((await metrics.submitted.get()).values.map((v) => [v.labels.outcome, v.value]));
  const refusals = async () =>
    (await metrics.mempoolRefusals.get()).values.map((v) => ({ ...v.labels, count: v.value }));
  const poolGauge = async () => (await metrics.mempoolTransactions.get()).values[0]?.value;

  describe('submit', () => {
    it('adds a new transaction, forwards it once, and answers a resubmission as pending without forwarding', async () => {
      const a = tx(1, 'a');
      expect(await service.submit(a, client)).toEqual({ hash: transactionHash(a), status: 'added' });
      expect(await service.submit(tx(1, 'a'), client)).toEqual({ hash: transactionHash(a), status: 'pending' });
      expect(forwarded).toEqual([a]);
      expect(mempool.size).toBe(1);
      expect(await submitted()).toEqual({ added: 1, pending: 1 });
      expect(await poolGauge()).toBe(1);
    });

    it('answers a transaction decided before (in the stored index only) as decided, and keeps it out', async () => {
      expect(await service.submit(decidedTx, client)).toEqual({
        hash: transactionHash(decidedTx),
        status: 'decided',
      });
      expect(mempool.size).toBe(0);
      expect(forwarded).toEqual([]);
      expect(await submitted()).toEqual({ decided: 1 });
    });

    it('counts a refusal, by outcome and by the mempool reason, and forwards nothing', async () => {
      await expect(service.submit(tooLarge, client)).rejects.toThrow(TransactionRejectedError);
      await expect(service.submit(tx(-1, 'bad namespace'), client)).rejects.toThrow('invalid namespace');
      for (const text of ['x', 'y', 'z']) await service.submit(tx(2, text), client);
      await expect(service.submit(tx(2, 'one more'), client)).rejects.toThrow(MempoolFullError);
      expect(await submitted()).toEqual({ added: 3, refused: 3 });
      expect(await refusals()).toEqual(
        expect.arrayContaining([
          { reason: 'too_large', source: 'api', count: 1 },
          { reason: 'pool_full', source: 'api', count: 1 },
        ]),
      );
      expect(forwarded).toHaveLength(3);
    });
  });

  describe('submitBatch', () => {
    it('answers each transaction by position: duplicates (waiting, decided, or earlier in the batch) and new ones', async () => {
      const waiting = tx(1, 'waiting');
      await service.submit(waiting, client);
      forwarded.length = 0;
      const fresh = tx(3, 'fresh');
      const outcomes = await service.submitBatch([waiting, fresh, decidedTx, tx(3, 'fresh')], client);
      expect(outcomes).toEqual([
        { hash: transactionHash(waiting), status: 'pending' },
        { hash: transactionHash(fresh), status: 'added' },
        { hash: transactionHash(decidedTx), status: 'decided' },
        { hash: transactionHash(fresh), status: 'pending' },
      ]);
      expect(forwarded).toEqual([fresh]);
      expect(mempool.size).toBe(2);
      expect(await submitted()).toEqual({ added: 2, pending: 2, decided: 1 });
      expect(await poolGauge()).toBe(2);
    });

    it('adds none when one is refused, naming it by its position in the client batch (not among the new ones)', async () => {
      const waiting = tx(1, 'waiting');
      await service.submit(waiting, client);
      forwarded.length = 0;
      const batch = [waiting, decidedTx, tx(4, 'ok'), tooLarge, tx(4, 'also ok')];
      const refused = await service.submitBatch(batch, client).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(BatchRefusedError);
      const { refusals: named } = refused as BatchRefusedError;
      expect(named.map((r) => r.index)).toEqual([3]);
      expect(named[0]!.error).toBeInstanceOf(TransactionRejectedError);
      expect(mempool.size).toBe(1);
      expect(mempool.lookup(transactionHash(tx(4, 'ok')))).toBeUndefined();
      expect(forwarded).toEqual([]);
      // Every transaction of a refused batch counts as refused; the mempool counted the one reason.
      expect(await submitted()).toEqual({ added: 1, refused: batch.length });
      expect(await refusals()).toEqual([{ reason: 'too_large', source: 'api', count: 1 }]);
    });

    it('adds none when the batch would overfill the pool, naming every transaction that does not fit', async () => {
      const refused = await service
        .submitBatch([tx(5, 'a'), tx(5, 'b'), tx(5, 'c'), tx(5, 'd'), tx(5, 'e')], client)
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(BatchRefusedError);
      expect((refused as BatchRefusedError).refusals.map((r) => r.index)).toEqual([3, 4]);
      expect(mempool.size).toBe(0);
      expect(forwarded).toEqual([]);
      expect(await submitted()).toEqual({ refused: 5 });
    });
  });

  describe('acceptForwarded', () => {
    it('adds what a member forwarded under its share, skips duplicates and decided ones, and never forwards', async () => {
      const waiting = tx(1, 'waiting');
      await service.submit(waiting, client);
      forwarded.length = 0;
      const fresh = tx(6, 'from a peer');
      await service.acceptForwarded(2, [waiting, decidedTx, fresh, tooLarge]);
      expect(mempool.size).toBe(2);
      expect(mempool.lookup(transactionHash(fresh))).toBe('pending');
      expect(mempool.lookup(transactionHash(decidedTx))).toBeUndefined();
      expect(forwarded).toEqual([]);
      // The refusal is the mempool's (counted as forwarded), not an API submission.
      expect(await refusals()).toEqual([{ reason: 'too_large', source: 'forwarded', count: 1 }]);
      expect(await submitted()).toEqual({ added: 1 });
    });
  });
});
