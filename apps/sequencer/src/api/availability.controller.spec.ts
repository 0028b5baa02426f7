import { transactionHash, type Transaction } from '@hotshot/protocol';
import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import { buildDecidedChain } from '@hotshot/storage/testing';
import { MAX_RANGE } from './availability-reader';
import type { NamespaceProofJson } from '@hotshot/sequencer-api';
import { startTestApi, type TestApi } from './testing/api-test-app';
import { verifyNamespaceJson } from './testing/verify-namespace-json';

const tx = (namespace: number, text: string): Transaction => ({ namespace, payload: new TextEncoder().encode(text) });
const text = (t: Transaction) => new TextDecoder().decode(t.payload);

/** Block 1 holds namespaces 1 and 2, block 2 is empty, then 148 blocks of one transaction each. */
const chain = buildDecidedChain(7n, [
  [tx(2, 'b1'), tx(1, 'a1'), tx(2, 'b2'), tx(1, 'a2')],
  [],
  ...Array.from({ length: 148 }, (_, i) => [tx(9, `n${i}`)]),
]);

async function get<T = Record<string, unknown>>(api: TestApi, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api.url}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

describe('availability endpoints', () => {
  let store: AvailabilityStore;
  let api: TestApi;
  beforeAll(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    await store.appendDecided(chain);
    api = await startTestApi({ store });
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  describe('namespace', () => {
    it("proves a present namespace's transactions, in block order, from the JSON alone", async () => {
      const { status, body } = await get<NamespaceProofJson>(api, '/v0/availability/block/1/namespace/2');
      expect(status).toBe(200);
      expect(body).toMatchObject({ height: 1, namespace: 2, available: true, index: 1 });
      expect(body.headerCommitment).toBe(chain[1]!.headerCommitment);
      expect(verifyNamespaceJson(body).map(text)).toEqual(['b1', 'b2']);
      expect(body.transactions!.map((t) => t.hash)).toEqual([
        transactionHash(tx(2, 'b1')),
        transactionHash(tx(2, 'b2')),
      ]);
    });

    it('proves absence: the sorted table does not list the namespace', async () => {
      for (const [height, namespace] of [
        [1, 3],
        [1, 0],
        [2, 1],
        [0, 4294967295],
      ] as const) {
        const { status, body } = await get<NamespaceProofJson>(
          api,
          `/v0/availability/block/${height}/namespace/${namespace}`,
        );
        expect(status).toBe(200);
        expect(body).toMatchObject({ index: null, namespacePayload: null, transactions: [] });
        expect(verifyNamespaceJson(body)).toEqual([]);
      }
    });

    it('gives answers that fail verification when tampered with', async () => {
      const { body } = await get<NamespaceProofJson>(api, '/v0/availability/block/1/namespace/1');
      const otherPayload = (await get<NamespaceProofJson>(api, '/v0/availability/block/1/namespace/2')).body;
      expect(() => verifyNamespaceJson({ ...body, namespacePayload: otherPayload.namespacePayload })).toThrow();
      expect(() => verifyNamespaceJson({ ...body, index: null, namespacePayload: null })).toThrow();
      expect(() => verifyNamespaceJson({ ...body, header: { ...body.header, l1Head: 1 } })).toThrow();
      const absent = (await get<NamespaceProofJson>(api, '/v0/availability/block/1/namespace/3')).body;
      // Claiming absence of a listed namespace by dropping its row breaks the table commitment.
      const shortTable = {
        ...body,
        index: null,
        namespacePayload: null,
        namespaceTable: body.namespaceTable!.slice(1),
      };
      expect(() => verifyNamespaceJson(shortTable)).toThrow();
      expect(() => verifyNamespaceJson({ ...absent, namespace: 1 })).toThrow();
    });

    it('names the field of a bad height or namespace, and 404s a height not decided', async () => {
      expect(await get(api, '/v0/availability/block/1/namespace/4294967296')).toMatchObject({
        status: 400,
        body: { details: { field: 'namespace' } },
      });
      expect(await get(api, '/v0/availability/block/x/namespace/1')).toMatchObject({
        status: 400,
        body: { details: { field: 'height' } },
      });
      expect(await get(api, '/v0/availability/block/151/namespace/1')).toMatchObject({
        status: 404,
        body: { details: { latestHeight: 150 } },
      });
    });
  });

  describe('ranges', () => {
    it('serves [from, until) in height order for headers, leaves and blocks', async () => {
      const headers = await get<{ height: number; payloadCommitment: string }[]>(api, '/v0/availability/header/3/13');
      expect(headers.body.map((h) => h.height)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(headers.body[0]!.payloadCommitment).toBe(chain[3]!.leaf.header.payloadCommitment);
      const leaves = await get<{ leafCommitment: string }[]>(api, '/v0/availability/leaf/0/3');
      expect(leaves.body.map((l) => l.leafCommitment)).toEqual(chain.slice(0, 3).map((b) => b.leafCommitment));
      const blocks = await get<{ hash: string; transactions: unknown[] }[]>(api, '/v0/availability/block/1/3');
      expect(blocks.body.map((b) => b.hash)).toEqual([chain[1]!.headerCommitment, chain[2]!.headerCommitment]);
      expect(blocks.body.map((b) => b.transactions.length)).toEqual([4, 0]);
    });

    it(`allows ${MAX_RANGE} heights and refuses one more with a 400 that names the maximum`, async () => {
      expect((await get<unknown[]>(api, `/v0/availability/header/0/${MAX_RANGE}`)).body).toHaveLength(MAX_RANGE);
      const tooLong = await get<{ message: string }>(api, `/v0/availability/block/0/${MAX_RANGE + 1}`);
      expect(tooLong).toMatchObject({ status: 400, body: { details: { field: 'until', maximum: MAX_RANGE } } });
      expect(tooLong.body.message).toContain(`at most ${MAX_RANGE} heights`);
    });

    it('stops at the latest height, answers an empty range with [], and refuses an inverted one', async () => {
      expect((await get<unknown[]>(api, '/v0/availability/leaf/145/200')).body).toHaveLength(6);
      expect(await get(api, '/v0/availability/header/151/160')).toEqual({ status: 200, body: [] });
      expect(await get(api, '/v0/availability/header/7/7')).toEqual({ status: 200, body: [] });
      expect(await get(api, '/v0/availability/header/8/7')).toMatchObject({
        status: 400,
        body: { details: { field: 'until' } },
      });
      expect(await get(api, '/v0/availability/leaf/a/7')).toMatchObject({
        status: 400,
        body: { details: { field: 'from' } },
      });
    });

    it('still routes block/hash/:hash to the hash lookup', async () => {
      const byHash = await get<{ height: number }>(api, `/v0/availability/block/hash/${chain[2]!.headerCommitment}`);
      expect(byHash).toMatchObject({ status: 200, body: { height: 2 } });
    });
  });
});

describe('after pruning', () => {
  let store: AvailabilityStore;
  let api: TestApi;
  beforeAll(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    await store.appendDecided(chain.slice(0, 11));
    await store.pruneBelow(5);
    api = await startTestApi({ store });
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  it.each([
    '/v0/availability/block/4',
    '/v0/availability/header/2',
    '/v0/availability/leaf/3',
    '/v0/availability/block/1/namespace/1',
    '/v0/availability/header/4/8',
    '/v0/availability/block/0/2',
    '/v0/light-client/certificate/2',
  ])('answers %s with 410 Gone naming the earliest available height', async (path) => {
    const { status, body } = await get<{ error: string; message: string; details: unknown }>(api, path);
    expect(status).toBe(410);
    expect(body.error).toBe('HeightPrunedError');
    expect(body.message).toMatch(/^height \d was pruned by this node; the earliest available height is 5/);
    expect(body.details).toMatchObject({ earliestHeight: 5 });
  });

  it('still serves the earliest height and above, and reports the range it keeps', async () => {
    expect((await get(api, '/v0/availability/block/5')).status).toBe(200);
    expect((await get<unknown[]>(api, '/v0/availability/header/5/20')).body).toHaveLength(6);
    expect(await get(api, '/v0/status/earliest-available-height')).toEqual({
      status: 200,
      body: { earliestHeight: 5, latestHeight: 10 },
    });
  });

  it('tells a hash lookup that misses which heights it keeps', async () => {
    const { status, body } = await get(api, `/v0/availability/block/hash/${chain[2]!.headerCommitment}`);
    expect(status).toBe(404);
    expect(body).toMatchObject({ details: { earliestHeight: 5 } });
    const txMiss = await get(api, `/v0/availability/transaction/hash/${transactionHash(tx(1, 'a1'))}`);
    expect(txMiss).toMatchObject({ status: 404, body: { details: { earliestHeight: 5 } } });
  });
});
