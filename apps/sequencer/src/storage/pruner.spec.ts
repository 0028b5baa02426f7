import type { Transaction } from '@hotshot/protocol';
import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import { buildDecidedChain } from '@hotshot/storage/testing';
import { silentLogger } from '@hotshot/telemetry';
import { Pruner } from './pruner';

// buildDecidedChain stamps height h (h >= 1) with 1_700_000_000_000 + h - 1.
const T0 = 1_700_000_000_000;

describe('Pruner', () => {
  let store: AvailabilityStore;
  beforeEach(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    const txs: Transaction[][] = Array.from({ length: 10 }, (_, i) => [{ namespace: 1, payload: new Uint8Array([i]) }]);
    await store.appendDecided(buildDecidedChain(7n, txs));
  });
  afterEach(() => store.close());

  it('keeps the newest N blocks', async () => {
    const pruner = new Pruner(store, { blocks: 4 }, () => T0, silentLogger);
    expect(await pruner.pruneOnce()).toBe(7);
    expect(await store.earliestHeight()).toBe(7);
    expect(await store.latestHeight()).toBe(10);
    expect(await pruner.pruneOnce()).toBe(0);
  });

  it('keeps blocks younger than the age bound', async () => {
    // At T0 + 9 + 3, heights whose timestamp is at least T0 + 9 are younger than 3 ms: heights 10 and up.
    const pruner = new Pruner(store, { ageMs: 3 }, () => T0 + 12, silentLogger);
    expect(await pruner.keepFrom()).toBe(10);
    await pruner.pruneOnce();
    expect(await store.earliestHeight()).toBe(10);
  });

  it('applies whichever rule keeps less, and always keeps the newest block', async () => {
    const both = new Pruner(store, { blocks: 8, ageMs: 4 }, () => T0 + 12, silentLogger);
    expect(await both.keepFrom()).toBe(9);
    const everythingOld = new Pruner(store, { ageMs: 1 }, () => T0 + 1_000_000, silentLogger);
    expect(await everythingOld.keepFrom()).toBe(10);
  });

  it('does nothing on an empty store', async () => {
    const empty = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    expect(await new Pruner(empty, { blocks: 1 }, () => T0, silentLogger).pruneOnce()).toBe(0);
    await empty.close();
  });
});
