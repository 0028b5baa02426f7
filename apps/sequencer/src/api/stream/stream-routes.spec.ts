import { genesisLeaf, headerCommitment, transactionHash, type Transaction } from '@hotshot/protocol';
import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import { buildDecidedChain } from '@hotshot/storage/testing';
import type { NamespaceProofJson, TransactionsAtHeightJson } from '@hotshot/sequencer-api';
import { startTestApi, type TestApi } from '../testing/api-test-app';
import { openStream, refusal } from '../testing/stream-client';
import { verifyNamespaceJson } from '../testing/verify-namespace-json';
import { DecideBroadcaster } from './decide-broadcaster';

const tx = (namespace: number, text: string): Transaction => ({ namespace, payload: new TextEncoder().encode(text) });
/** Height h holds `t<h>` in namespace h % 2, and from height 3 on also `x<h>` in namespace 7. */
const chain = buildDecidedChain(
  3n,
  Array.from({ length: 8 }, (_, i) => [tx((i + 1) % 2, `t${i + 1}`), ...(i >= 2 ? [tx(7, `x${i + 1}`)] : [])]),
);
const texts = (m: TransactionsAtHeightJson) => m.transactions!.map((t) => Buffer.from(t.payload, 'base64').toString());

describe('streams on an archival node (its store begins at height 1)', () => {
  let store: AvailabilityStore;
  let feed: DecideBroadcaster;
  let api: TestApi;
  beforeAll(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    // Heights 1..5 decided so far; genesis is never stored.
    await store.appendDecided(chain.slice(1, 6));
    feed = new DecideBroadcaster();
    api = await startTestApi({ store, feed });
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });
  const url = (path: string) => `${api.wsUrl}/v0/availability/stream/${path}`;

  it('streams blocks from 0: genesis first, then history and live decides without a gap', async () => {
    const stream = await openStream(url('blocks/0'));
    await stream.waitFor((m) => m.length === 6, 'history from genesis');
    expect(stream.messages[0]).toMatchObject({ height: 0, hash: headerCommitment(genesisLeaf(3n).header) });
    await store.appendDecided(chain.slice(6, 8));
    feed.publish(chain.slice(6, 8));
    await stream.waitFor((m) => m.length === 8, 'live decides');
    expect(stream.heights()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    stream.socket.close();
    for (const kind of ['headers', 'leaves']) {
      const other = await openStream(url(`${kind}/0`));
      await other.waitFor((m) => m.length === 8, kind);
      expect(other.heights()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      other.socket.close();
    }
  });

  it("streams one namespace's proofs by path, as the query form does", async () => {
    const byPath = await openStream(url('blocks/2/namespace/7'));
    const byQuery = await openStream(url('blocks/2?namespace=7'));
    for (const stream of [byPath, byQuery]) await stream.waitFor((m) => m.length === 6, 'namespace history');
    expect(byPath.messages).toEqual(byQuery.messages);
    const proofs = byPath.messages as unknown as NamespaceProofJson[];
    expect(proofs.map((p) => verifyNamespaceJson(p).map((t) => Buffer.from(t.payload).toString()))).toEqual([
      [],
      ['x3'],
      ['x4'],
      ['x5'],
      ['x6'],
      ['x7'],
    ]);
    byPath.socket.close();
    byQuery.socket.close();
  });

  it('streams transactions one message per height, with hashes and block positions, also per namespace', async () => {
    const all = await openStream(url('transactions/0'));
    await all.waitFor((m) => m.length === 8, 'transactions');
    const messages = all.messages as unknown as TransactionsAtHeightJson[];
    expect(messages[0]).toEqual({
      height: 0,
      blockHash: headerCommitment(genesisLeaf(3n).header),
      available: true,
      transactions: [],
    });
    expect(messages.slice(1).map(texts)).toEqual([
      ['t1'],
      ['t2'],
      ['t3', 'x3'],
      ['t4', 'x4'],
      ['t5', 'x5'],
      ['t6', 'x6'],
      ['t7', 'x7'],
    ]);
    expect(messages[3]!.transactions![1]).toEqual({
      hash: transactionHash(tx(7, 'x3')),
      height: 3,
      index: 1,
      namespace: 7,
      payload: Buffer.from('x3').toString('base64'),
    });
    all.socket.close();

    const one = await openStream(url('transactions/3/namespace/7'));
    await one.waitFor((m) => m.length === 5, 'namespace transactions');
    const filtered = one.messages as unknown as TransactionsAtHeightJson[];
    expect(filtered.map((m) => [m.height, m.namespace, texts(m)])).toEqual([
      [3, 7, ['x3']],
      [4, 7, ['x4']],
      [5, 7, ['x5']],
      [6, 7, ['x6']],
      [7, 7, ['x7']],
    ]);
    expect(filtered.map((m) => m.transactions![0]!.index)).toEqual([1, 1, 1, 1, 1]);
    one.socket.close();
  });

  it('refuses malformed stream paths with a typed 4xx', async () => {
    expect(await refusal(url('headers/0/namespace/1'))).toMatchObject({ status: 404 });
    expect(await refusal(url('transactions/0/namespace/x'))).toMatchObject({
      status: 400,
      body: { error: 'BadRequestError', details: { field: 'namespace' } },
    });
    expect(await refusal(url('blocks/0/namespace/1?namespace=1'))).toMatchObject({ status: 400 });
    const plain = await fetch(`${api.url}/v0/availability/stream/transactions/0/namespace/1`);
    expect(plain.status).toBe(426);
  });
});

describe('streams from 0 on a pruning node', () => {
  it('refuse the handshake with 410: height 1 is gone', async () => {
    const store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    await store.appendDecided(chain.slice(1));
    await store.pruneBelow(4);
    const api = await startTestApi({ store });
    try {
      const refused = await refusal(`${api.wsUrl}/v0/availability/stream/blocks/0`);
      expect(refused).toMatchObject({ status: 410, body: { details: { height: 0, earliestHeight: 4 } } });
    } finally {
      await api.close();
      await store.close();
    }
  });
});
