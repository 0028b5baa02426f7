import type { Transaction } from '@hotshot/protocol';
import { openPostgresStorage, type PostgresStorage } from '@hotshot/storage';
import { TEST_POSTGRES_URL, buildDecidedChain, usePostgresTestSchemas } from '@hotshot/storage/testing';
import type { NamespaceProofJson } from '@hotshot/sequencer-api';
import { startTestApi, type TestApi } from './testing/api-test-app';
import { verifyNamespaceJson } from './testing/verify-namespace-json';

const nextSchema = usePostgresTestSchemas();
const tx = (namespace: number, text: string): Transaction => ({ namespace, payload: new TextEncoder().encode(text) });
const chain = buildDecidedChain(11n, [[tx(5, 'x'), tx(3, 'y'), tx(5, 'z')], [tx(3, 'w')]]);

describe('availability endpoints on the PostgreSQL store', () => {
  let storage: PostgresStorage<unknown>;
  let api: TestApi;
  beforeAll(async () => {
    storage = await openPostgresStorage(TEST_POSTGRES_URL, { schema: nextSchema() });
    await storage.availability.appendDecided(chain);
    api = await startTestApi({ store: storage.availability });
  });
  afterAll(async () => {
    await api.close();
    await storage.close();
  });

  const namespace = async (height: number, ns: number) => {
    const res = await fetch(`${api.url}/v0/availability/block/${height}/namespace/${ns}`);
    expect(res.status).toBe(200);
    return (await res.json()) as NamespaceProofJson;
  };

  it('proves present and absent namespaces that verify from the JSON alone', async () => {
    const present = await namespace(1, 5);
    expect(present.headerCommitment).toBe(chain[1]!.headerCommitment);
    expect(verifyNamespaceJson(present).map((t) => new TextDecoder().decode(t.payload))).toEqual(['x', 'z']);
    const absent = await namespace(2, 5);
    expect(absent.index).toBeNull();
    expect(verifyNamespaceJson(absent)).toEqual([]);
  });

  it('finds headers and leaves by hash, counts transactions and reports sync status', async () => {
    const header = await fetch(`${api.url}/v0/availability/header/hash/${chain[2]!.headerCommitment}`);
    expect(await header.json()).toMatchObject({ height: 2 });
    const leaf = await fetch(`${api.url}/v0/availability/leaf/hash/${chain[1]!.leafCommitment}`);
    expect(await leaf.json()).toMatchObject({ height: 1, leafCommitment: chain[1]!.leafCommitment });
    const missing = await fetch(`${api.url}/v0/availability/leaf/hash/${chain[1]!.headerCommitment}`);
    expect(missing.status).toBe(404);
    expect(await (await fetch(`${api.url}/v0/node/transactions/count`)).json()).toBe(4);
    expect(await (await fetch(`${api.url}/v0/node/transactions/count/namespace/5`)).json()).toBe(2);
    expect(await (await fetch(`${api.url}/v0/node/sync-status`)).json()).toEqual({
      missingBlocks: 0,
      missingLeaves: 0,
      prunedHeight: null,
      earliestHeight: 0,
      latestHeight: 2,
    });
  });

  it('serves ranges and answers 410 below the earliest height after pruning', async () => {
    const res = await fetch(`${api.url}/v0/availability/header/0/5`);
    expect(((await res.json()) as { height: number }[]).map((h) => h.height)).toEqual([0, 1, 2]);
    await storage.availability.pruneBelow(2);
    const gone = await fetch(`${api.url}/v0/availability/block/1/namespace/5`);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ details: { height: 1, earliestHeight: 2 } });
  });
});
