import { transactionHash, type Transaction } from '@hotshot/protocol';
import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import { Mempool, type MempoolRefusalReason } from '../mempool/mempool';
import { startTestApi, type TestApi } from './testing/api-test-app';
import { MAX_BATCH_TRANSACTIONS } from '@hotshot/sequencer-api';
import { maxBatchBodyBytes } from './submit-body-limit';

const MAX_TX_BYTES = 1024;
const b64 = (text: string) => Buffer.from(text).toString('base64');
const item = (namespace: number, text: string) => ({ namespace, payload: b64(text) });
const tx = (namespace: number, text: string): Transaction => ({ namespace, payload: new TextEncoder().encode(text) });

interface Refused {
  error: string;
  message: string;
  details: {
    transactions: number;
    refused: number;
    refusals: { index: number; error: string; message: string; details: Record<string, unknown> }[];
  };
}

describe('POST /v0/submit/batch', () => {
  let store: AvailabilityStore;
  let api: TestApi;
  let mempool: Mempool;
  const refusals: MempoolRefusalReason[] = [];
  beforeAll(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    api = await startTestApi({
      store,
      submit: {
        submit: async (t, from) => mempool.submit(t, from),
        submitBatch: async (txs, from) =>
          mempool.submitBatch(
            txs.map((t) => ({ tx: t })),
            from,
          ),
      },
      maxTxBytes: MAX_TX_BYTES,
    });
  });
  beforeEach(() => {
    refusals.length = 0;
    // Five transactions or 2 KB in all; one namespace may hold 3 of them.
    mempool = new Mempool(
      { maxTxBytes: MAX_TX_BYTES, maxPendingTxs: 5, maxPendingBytes: 2048, decidedMemory: 10, namespaceShare: 0.6 },
      { onRefused: (reason) => refusals.push(reason) },
    );
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  const post = async (body: unknown) => {
    const res = await fetch(`${api.url}/v0/submit/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as unknown };
  };

  it('accepts every transaction and answers their hashes in order, a duplicate included', async () => {
    const { status, body } = await post([item(1, 'a'), item(2, 'b'), item(1, 'a')]);
    expect(status).toBe(200);
    expect(body).toEqual([transactionHash(tx(1, 'a')), transactionHash(tx(2, 'b')), transactionHash(tx(1, 'a'))]);
    expect(mempool.size).toBe(2);
  });

  it('accepts none when one is malformed, naming each bad one by index (400)', async () => {
    const { status, body } = await post([item(1, 'a'), { namespace: -1, payload: b64('x') }, item(1, 'b'), 'nope']);
    expect(status).toBe(400);
    const refused = body as Refused;
    expect(refused.error).toBe('BatchRefusedError');
    expect(refused.details.transactions).toBe(4);
    expect(refused.details.refusals.map((r) => [r.index, r.error, r.details.field])).toEqual([
      [1, 'BadRequestError', 'namespace'],
      [3, 'BadRequestError', undefined],
    ]);
    expect(mempool.size).toBe(0);
  });

  it('accepts none when the mempool refuses one, with each refusal and its reason counted (too large: 400)', async () => {
    const big = 'x'.repeat(MAX_TX_BYTES + 1);
    const { status, body } = await post([item(1, 'a'), item(1, big), item(2, 'c')]);
    expect(status).toBe(400);
    expect((body as Refused).details.refusals).toEqual([
      expect.objectContaining({
        index: 1,
        error: 'TransactionRejectedError',
        details: expect.objectContaining({ maxTxBytes: MAX_TX_BYTES }),
      }),
    ]);
    expect(refusals).toEqual(['too_large']);
    expect(mempool.size).toBe(0);
  });

  it("counts the batch's own earlier transactions against the shares: 429 with Retry-After, nothing added", async () => {
    const { status, retryAfter, body } = await post([
      item(4, 'a'),
      item(4, 'b'),
      item(4, 'c'),
      item(4, 'd'),
      item(5, 'e'),
    ]);
    expect(status).toBe(429);
    expect(retryAfter).toBe('1');
    expect((body as Refused).details.refusals.map((r) => [r.index, r.error, r.details.scope])).toEqual([
      [3, 'MempoolShareExceededError', 'namespace'],
    ]);
    expect(refusals).toEqual(['namespace_share']);
    expect(mempool.size).toBe(0);
    // The same batch less the fourth fits.
    expect((await post([item(4, 'a'), item(4, 'b'), item(4, 'c'), item(5, 'e')])).status).toBe(200);
  });

  it('answers 503 when the mempool as a whole cannot take the batch', async () => {
    mempool.submit(tx(8, 'one'));
    mempool.submit(tx(9, 'two'));
    const { status, retryAfter, body } = await post([item(1, 'a'), item(2, 'b'), item(3, 'c'), item(6, 'd')]);
    expect([status, retryAfter]).toEqual([503, '1']);
    expect((body as Refused).details.refusals.map((r) => [r.index, r.error])).toEqual([[3, 'MempoolFullError']]);
    expect(mempool.size).toBe(2);
  });

  it('refuses a body that is not an array of 1 to MAX_BATCH_TRANSACTIONS transactions', async () => {
    for (const body of [{ namespace: 1, payload: b64('a') }, [], Array(MAX_BATCH_TRANSACTIONS + 1).fill(item(1, ''))]) {
      const answer = await post(body);
      expect(answer).toMatchObject({ status: 400, body: { error: 'BadRequestError' } });
    }
  });

  it('bounds the body as a single submit is bounded, before reading it (413)', async () => {
    const limit = maxBatchBodyBytes(MAX_TX_BYTES);
    const res = await fetch(`${api.url}/v0/submit/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([item(1, 'x'.repeat(limit))]),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'RequestBodyTooLargeError', details: { maxBodyBytes: limit } });
    expect(mempool.size).toBe(0);
  });
});
