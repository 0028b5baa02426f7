import { genesisLeaf, headerCommitment, leafCommitment, transactionHash, type Transaction } from '@hotshot/protocol';
import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import { buildDecidedChain } from '@hotshot/storage/testing';
import type { MempoolUsage } from './api-ports';
import type {
  BlockSummaryJson,
  HeaderJson,
  NamespaceProofJson,
  PayloadJson,
  TransactionJson,
  HeaderWindowJson,
  SyncStatusJson,
} from '@hotshot/sequencer-api';
import { startTestApi, type TestApi } from './testing/api-test-app';
import { verifyNamespaceJson } from './testing/verify-namespace-json';

const tx = (namespace: number, text: string): Transaction => ({ namespace, payload: new TextEncoder().encode(text) });
/** Heights 1..12: height 1 holds namespaces 1 and 2, height 2 none, then one transaction in namespace 9 each. */
const chain = buildDecidedChain(7n, [
  [tx(2, 'b1'), tx(1, 'a1'), tx(2, 'b2')],
  [],
  ...Array.from({ length: 10 }, (_, i) => [tx(9, `n${i}`)]),
]);
// Timestamps 1_700_000_000_000 + height - 1 (chain-builder); genesis at 0.
const T = (height: number) => 1_700_000_000_000 + height - 1;
const genesis = genesisLeaf(7n);

async function get<T>(api: TestApi, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api.url}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

/** An API over a store holding `blocks`, as a node that decided them (genesis is never stored by a node). */
async function serve(
  blocks: typeof chain,
  options: { prune?: number; mempool?: MempoolUsage } = {},
): Promise<{ api: TestApi; store: AvailabilityStore; close(): Promise<void> }> {
  const store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
  if (blocks.length > 0) await store.appendDecided(blocks);
  if (options.prune !== undefined) await store.pruneBelow(options.prune);
  const api = await startTestApi({
    store,
    status: {
      blockHeight: async () => ((await store.latestHeight()) ?? 0) + 1,
      lastDecideAtMs: () => undefined,
      isRunning: () => true,
      mempool: () => options.mempool,
    },
  });
  return { api, store, close: async () => (await api.close(), await store.close()) };
}

describe('the routes rollups use, on an archival node (its store begins at height 1)', () => {
  let node: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    node = await serve(chain.slice(1), {
      mempool: { transactions: 3, bytes: 120, maxTransactions: 1000, maxBytes: 1 << 20 },
    });
  });
  afterAll(() => node.close());

  describe('genesis (height 0) is served although no node stores it', () => {
    it('as leaf, header, block and payload at height 0, and by its hashes', async () => {
      const leaf = await get<{ height: number; leafCommitment: string; headerCommitment: string }>(
        node.api,
        '/v0/availability/leaf/0',
      );
      expect(leaf).toMatchObject({
        status: 200,
        body: {
          height: 0,
          leafCommitment: leafCommitment(genesis),
          headerCommitment: headerCommitment(genesis.header),
        },
      });
      const block = await get<{ hash: string; transactions: unknown[] }>(node.api, '/v0/availability/block/0');
      expect(block).toMatchObject({ status: 200, body: { hash: headerCommitment(genesis.header), transactions: [] } });
      expect((await get<HeaderJson>(node.api, '/v0/availability/header/0')).body.parentCommitment).toBe(
        chain[0]!.leaf.header.parentCommitment,
      );
      expect((await get<PayloadJson>(node.api, '/v0/availability/payload/0')).body.namespaceTable).toEqual([]);
      const byHash = await get<HeaderJson>(
        node.api,
        `/v0/availability/header/hash/${headerCommitment(genesis.header)}`,
      );
      expect(byHash).toMatchObject({ status: 200, body: { height: 0 } });
      const byLeaf = await get<{ height: number }>(node.api, `/v0/availability/leaf/hash/${leafCommitment(genesis)}`);
      expect(byLeaf).toMatchObject({ status: 200, body: { height: 0 } });
    });

    it('at the start of ranges, chained to height 1', async () => {
      const { status, body } = await get<HeaderJson[]>(node.api, '/v0/availability/header/0/3');
      expect(status).toBe(200);
      expect(body.map((h) => h.height)).toEqual([0, 1, 2]);
      expect(body[1]!.parentCommitment).toBe(headerCommitment(genesis.header));
      const summaries = await get<BlockSummaryJson[]>(node.api, '/v0/availability/block/summaries/0/2');
      expect(summaries.body.map((s) => [s.height, s.numTransactions])).toEqual([
        [0, 0],
        [1, 3],
      ]);
    });

    it('in the earliest height the node reports and its sync status', async () => {
      expect((await get(node.api, '/v0/status/earliest-available-height')).body).toEqual({
        earliestHeight: 0,
        latestHeight: 12,
      });
      expect((await get<SyncStatusJson>(node.api, '/v0/node/sync-status')).body).toEqual({
        missingBlocks: 0,
        missingLeaves: 0,
        prunedHeight: null,
        earliestHeight: 0,
        latestHeight: 12,
      });
    });
  });

  it('answers header/hash and leaf/hash by commitment (they used to fall into the range route)', async () => {
    const block = chain[5]!;
    const header = await get<HeaderJson>(node.api, `/v0/availability/header/hash/${block.headerCommitment}`);
    expect(header).toEqual({ status: 200, body: expect.objectContaining({ height: 5, timestamp: T(5) }) });
    const leaf = await get<{ height: number; leafCommitment: string }>(
      node.api,
      `/v0/availability/leaf/hash/${block.leafCommitment.toUpperCase().replace('0X', '0x')}`,
    );
    expect(leaf).toEqual({
      status: 200,
      body: expect.objectContaining({ height: 5, leafCommitment: block.leafCommitment }),
    });
    // A header commitment is not a leaf commitment, and the reverse.
    expect((await get(node.api, `/v0/availability/leaf/hash/${block.headerCommitment}`)).status).toBe(404);
    expect((await get(node.api, `/v0/availability/header/hash/${block.leafCommitment}`)).status).toBe(404);
    const bad = await get<{ error: string; details: unknown }>(node.api, '/v0/availability/header/hash/0x12');
    expect(bad).toEqual({
      status: 400,
      body: expect.objectContaining({ error: 'BadRequestError', details: expect.objectContaining({ field: 'hash' }) }),
    });
  });

  it('answers transaction/:height/:index in block order, and 404 past the last', async () => {
    // Block order is namespace-table order: namespace 1 (a1), then namespace 2 (b1, b2).
    const { status, body } = await get<TransactionJson>(node.api, '/v0/availability/transaction/1/2');
    expect(status).toBe(200);
    expect(body).toEqual({
      hash: transactionHash(tx(2, 'b2')),
      height: 1,
      index: 2,
      namespace: 2,
      payload: Buffer.from('b2').toString('base64'),
    });
    const past = await get<{ details: unknown }>(node.api, '/v0/availability/transaction/1/3');
    expect(past).toEqual({
      status: 404,
      body: expect.objectContaining({ details: { height: 1, index: 3, count: 3 } }),
    });
    expect((await get(node.api, '/v0/availability/transaction/2/0')).status).toBe(404);
    expect((await get(node.api, '/v0/availability/transaction/1/x')).status).toBe(400);
  });

  it('answers payload/:height with the table and namespace payloads that hash to the header', async () => {
    const { status, body } = await get<PayloadJson>(node.api, '/v0/availability/payload/1');
    expect(status).toBe(200);
    const payload = chain[1]!.payload!;
    expect(body).toEqual({
      height: 1,
      blockHash: chain[1]!.headerCommitment,
      hash: chain[1]!.leaf.header.payloadCommitment,
      size: chain[1]!.leaf.header.payloadSize,
      namespaceTable: payload.namespaceTable.map((e) => ({ ...e })),
      namespacePayloads: payload.namespacePayloads.map((p) => Buffer.from(p).toString('base64')),
    });
    expect((await get(node.api, '/v0/availability/payload/13')).status).toBe(404);
  });

  it('answers block/:from/:until/namespace/:ns with one verifiable proof per height', async () => {
    const { status, body } = await get<NamespaceProofJson[]>(node.api, '/v0/availability/block/1/4/namespace/2');
    expect(status).toBe(200);
    expect(body.map((p) => p.height)).toEqual([1, 2, 3]);
    expect(body.map((p) => verifyNamespaceJson(p).map((t) => new TextDecoder().decode(t.payload)))).toEqual([
      ['b1', 'b2'],
      [],
      [],
    ]);
    expect((await get(node.api, '/v0/availability/block/1/400/namespace/2')).status).toBe(400);
    expect((await get(node.api, '/v0/availability/block/1/4/namespace/4294967296')).status).toBe(400);
  });

  it('answers block/summaries with sizes, counts and namespace tables', async () => {
    const { body } = await get<BlockSummaryJson[]>(node.api, '/v0/availability/block/summaries/1/3');
    expect(body).toEqual([
      expect.objectContaining({ height: 1, hash: chain[1]!.headerCommitment, available: true, numTransactions: 3 }),
      expect.objectContaining({ height: 2, numTransactions: 0, namespaceTable: [], size: 0 }),
    ]);
    expect(body[0]!.namespaceTable!.map((e) => [e.namespace, e.txCount])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('answers limits', async () => {
    expect((await get(node.api, '/v0/availability/limits')).body).toEqual({
      smallObjectRangeLimit: 100,
      largeObjectRangeLimit: 100,
    });
  });

  it('answers the node routes: block height and transaction counts, overall and per namespace', async () => {
    expect((await get(node.api, '/v0/node/block-height')).body).toBe(13);
    expect((await get(node.api, '/v0/node/transactions/count')).body).toBe(13);
    expect((await get(node.api, '/v0/node/transactions/count/namespace/2')).body).toBe(2);
    expect((await get(node.api, '/v0/node/transactions/count/namespace/9')).body).toBe(10);
    expect((await get(node.api, '/v0/node/transactions/count/namespace/5')).body).toBe(0);
    expect((await get(node.api, '/v0/node/transactions/count/namespace/-1')).status).toBe(400);
  });

  it('answers header/window with the headers in [start, end) and the ones around them', async () => {
    const window = await get<HeaderWindowJson>(node.api, `/v0/node/header/window/${T(3)}/${T(6)}`);
    expect(window.status).toBe(200);
    expect(window.body.window.map((h) => h.height)).toEqual([3, 4, 5]);
    expect([window.body.prev?.height, window.body.next?.height]).toEqual([2, 6]);
    // From genesis (timestamp 0) there is no header before; past the latest the answer is incomplete (next null).
    const all = await get<HeaderWindowJson>(node.api, `/v0/node/header/window/0/${T(100)}`);
    expect(all.body.window.map((h) => h.height)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect([all.body.prev, all.body.next]).toEqual([null, null]);
    const from = await get<HeaderWindowJson>(node.api, `/v0/node/header/window/from/11/${T(12)}`);
    expect(from.body.window.map((h) => h.height)).toEqual([11]);
    expect([from.body.prev?.height, from.body.next?.height]).toEqual([10, 12]);
    expect((await get(node.api, `/v0/node/header/window/${T(6)}/${T(3)}`)).status).toBe(400);
  });

  it('answers mempool-info from the node status', async () => {
    expect((await get(node.api, '/v0/status/mempool-info')).body).toEqual({
      transactionCount: 3,
      payloadBytes: 120,
      maxTransactions: 1000,
      maxPayloadBytes: 1 << 20,
    });
  });

  it('refuses a query parameter on a route that takes none, naming it', async () => {
    for (const path of ['/v0/node/block-height?x=1', '/v0/status/metrics?format=json', '/healthz?verbose']) {
      const { status, body } = await get<{ error: string; details: unknown }>(node.api, path);
      expect([path, status, body.error]).toEqual([path, 400, 'BadRequestError']);
    }
    expect((await get(node.api, '/v0/node/block-height?')).status).toBe(200);
  });
});

describe('the routes rollups use, on a pruning node', () => {
  let node: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    node = await serve(chain.slice(1), { prune: 5 });
  });
  afterAll(() => node.close());

  it('still serves genesis, but no range or window that reaches below what it keeps', async () => {
    expect((await get(node.api, '/v0/availability/block/0')).status).toBe(200);
    expect((await get(node.api, '/v0/availability/header/0/2')).status).toBe(410);
    expect((await get(node.api, `/v0/node/header/window/${T(1)}/${T(8)}`)).status).toBe(410);
    const window = await get<HeaderWindowJson>(node.api, `/v0/node/header/window/${T(6)}/${T(8)}`);
    expect(window.body.window.map((h) => h.height)).toEqual([6, 7]);
  });

  it('reports what it pruned, counts only what it keeps, and has no mempool before joining (503)', async () => {
    expect((await get<SyncStatusJson>(node.api, '/v0/node/sync-status')).body).toEqual({
      missingBlocks: 0,
      missingLeaves: 0,
      prunedHeight: 4,
      earliestHeight: 5,
      latestHeight: 12,
    });
    expect((await get(node.api, '/v0/node/transactions/count')).body).toBe(8);
    expect((await get(node.api, '/v0/status/mempool-info')).status).toBe(503);
  });
});

describe('sync status of a node missing payloads', () => {
  it('counts the heights whose payload it has not fetched', async () => {
    const node = await serve(chain.slice(1, 4).map((block, i) => (i === 1 ? { ...block, payload: undefined } : block)));
    try {
      expect((await get<SyncStatusJson>(node.api, '/v0/node/sync-status')).body).toMatchObject({ missingBlocks: 1 });
      expect((await get(node.api, '/v0/availability/payload/2')).status).toBe(404);
      expect((await get(node.api, '/v0/availability/transaction/2/0')).status).toBe(404);
    } finally {
      await node.close();
    }
  });
});
