import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import { StorageFailureError } from '../consensus/consensus-driver';
import type { NodeHealthFacts } from './api-ports';
import { startTestApi, type TestApi } from './testing/api-test-app';

/** `/healthz` reports storage and decide progress, not only that the process answers (issue 17, finding 5). */
describe('/healthz', () => {
  let api: TestApi;
  let store: AvailabilityStore;
  let running = false;
  let facts: NodeHealthFacts = {};

  beforeAll(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    api = await startTestApi({
      store,
      status: {
        blockHeight: async () => 0,
        lastDecideAtMs: () => facts.lastProgressAtMs,
        isRunning: () => running,
        healthFacts: () => facts,
      },
    });
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  const health = async () => {
    const res = await fetch(`${api.url}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('answers starting before the node joined, and ok while it decides', async () => {
    running = false;
    expect(await health()).toEqual({ status: 200, body: { status: 'starting' } });
    running = true;
    facts = { lastProgressAtMs: Date.now() - 5_000, stallAfterMs: 20_000 };
    expect(await health()).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers 503 naming the stall when the node has not decided for ten view timeouts', async () => {
    running = true;
    facts = { lastProgressAtMs: Date.now() - 25_000, stallAfterMs: 20_000 };
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body).toMatchObject({
      error: 'NodeUnhealthyError',
      message: expect.stringContaining('has not decided'),
      details: { stallAfterSeconds: 20 },
    });
    expect((body.details as { secondsSinceLastDecide: number }).secondsSinceLastDecide).toBeGreaterThanOrEqual(25);
  });

  it('answers 503 naming the storage failure and its cause once storage failed', async () => {
    running = true;
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    facts = {
      lastProgressAtMs: Date.now(),
      stallAfterMs: 20_000,
      storageFailure: new StorageFailureError('Persist', full),
    };
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body).toMatchObject({
      error: 'NodeUnhealthyError',
      message: expect.stringContaining('storage failed'),
      details: { storageFailure: expect.stringContaining('Persist'), cause: 'database or disk is full' },
    });
  });
});
