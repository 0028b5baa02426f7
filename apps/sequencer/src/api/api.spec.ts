import { transactionHash } from '@hotshot/protocol';
import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import { buildDecidedChain } from '@hotshot/storage/testing';
import { Mempool } from '../mempool/mempool';
import { startTestApi, type TestApi } from './testing/api-test-app';

const tx = (namespace: number, text: string) => ({ namespace, payload: new TextEncoder().encode(text) });

describe('the sequencer HTTP API', () => {
  let api: TestApi;
  let url: string;
  let store: AvailabilityStore;
  const mempool = new Mempool({ maxTxBytes: 64, maxPendingTxs: 2, maxPendingBytes: 1000, decidedMemory: 100 });
  const chain = buildDecidedChain(7n, [[tx(1, 'hello'), tx(2, 'world')]]);

  beforeAll(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    await store.appendDecided(chain);
    api = await startTestApi({
      store,
      submit: { submit: async (t) => mempool.submit(t) },
      status: {
        blockHeight: async () => ((await store.latestHeight()) ?? -1) + 1,
        lastDecideAtMs: () => Date.now() - 1500,
        isRunning: () => true,
      },
      maxTxBytes: 64,
    });
    url = api.url;
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const submit = async (body: unknown) => {
    const res = await fetch(`${url}/v0/submit/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it('accepts a transaction and returns its hash', async () => {
    const res = await submit({ namespace: 5, payload: Buffer.from('abc').toString('base64') });
    expect(res).toEqual({ status: 200, body: transactionHash(tx(5, 'abc')) });
    expect(mempool.has(transactionHash(tx(5, 'abc')))).toBe(true);
  });

  it.each([
    [{ namespace: -1, payload: '' }, 'namespace must be an integer'],
    [{ namespace: 1.5, payload: '' }, 'namespace must be an integer'],
    [{ namespace: '1', payload: '' }, 'namespace must be an integer'],
    [{ namespace: 1, payload: 'not base64!' }, 'payload must be a base64 string'],
    [{ namespace: 1 }, 'payload must be a base64 string'],
    [[1, 2], 'the request body must be a JSON object'],
    [{ namespace: 1, payload: Buffer.alloc(65).toString('base64') }, 'transaction exceeds maxTxBytes'],
  ])('refuses %j with a 400 that says %s', async (body, message) => {
    const res = await submit(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ message: expect.stringContaining(message) });
  });

  it('answers malformed JSON with a 400', async () => {
    expect((await submit('{"namespace": ')).status).toBe(400);
  });

  it('answers 503 when the mempool is full', async () => {
    await submit({ namespace: 6, payload: Buffer.from('x').toString('base64') });
    const res = await submit({ namespace: 7, payload: Buffer.from('y').toString('base64') });
    expect(res).toMatchObject({ status: 503, body: { error: 'MempoolFullError' } });
  });

  it('serves headers, leaves and blocks by height and hash', async () => {
    expect(await get('/v0/status/block-height')).toEqual({ status: 200, body: 2 });
    const header = await get('/v0/availability/header/1');
    expect(header.body).toMatchObject({
      height: 1,
      chainId: '7',
      payloadCommitment: chain[1]!.leaf.header.payloadCommitment,
    });
    const leaf = await get('/v0/availability/leaf/1');
    expect(leaf.body).toMatchObject({ leafCommitment: chain[1]!.leafCommitment, view: 1 });
    const block = await get('/v0/availability/block/1');
    expect(block.body).toMatchObject({
      hash: chain[1]!.headerCommitment,
      transactions: [
        { namespace: 1, payload: Buffer.from('hello').toString('base64') },
        { namespace: 2, payload: Buffer.from('world').toString('base64') },
      ],
    });
    expect((await get(`/v0/availability/block/hash/${chain[1]!.headerCommitment}`)).body).toEqual(block.body);
    const found = await get(`/v0/availability/transaction/hash/${transactionHash(tx(2, 'world'))}`);
    expect(found.body).toMatchObject({ height: 1, index: 1, namespace: 2 });
  });

  it('answers 404 for what is not decided and 400 for malformed parameters', async () => {
    expect(await get('/v0/availability/block/99')).toMatchObject({
      status: 404,
      body: { details: { latestHeight: 1 } },
    });
    expect((await get('/v0/availability/header/abc')).status).toBe(400);
    expect((await get('/v0/availability/leaf/99999999999999999999')).status).toBe(400);
    expect((await get('/v0/availability/block/hash/0x12')).status).toBe(400);
    expect((await get(`/v0/availability/transaction/hash/0x${'00'.repeat(32)}`)).status).toBe(404);
    expect((await get('/v0/nope')).status).toBe(404);
  });

  it('reports health, time since last decide and metrics', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    const since = await get('/v0/status/time-since-last-decide');
    expect(since.body.seconds).toBeGreaterThanOrEqual(1.5);
    const metrics = await fetch(`${url}/v0/status/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
  });
});
