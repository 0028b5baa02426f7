import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { blockTransactionHashes, blockTransactions } from '@hotshot/protocol';
import { describeAvailabilityStore } from '../testing/availability-store.contract';
import { buildDecidedChain } from '../testing/chain-builder';
import { openSqliteDatabase } from './sqlite-database';
import { SqliteAvailabilityStore } from './sqlite-availability-store';

describeAvailabilityStore('SQLite', async () => new SqliteAvailabilityStore(openSqliteDatabase(':memory:')));

describe('SqliteAvailabilityStore and the safety commit that follows it', () => {
  it('leaves the shared connection synchronous, so the next safety commit fsyncs, even after a refused append', async () => {
    const db = openSqliteDatabase(':memory:');
    const store = new SqliteAvailabilityStore(db);
    const chain = buildDecidedChain(1n, [[], [], [], []]);
    await store.appendDecided(chain.slice(0, 2));
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    await expect(store.appendDecided([chain[3]!])).rejects.toThrow('without gaps');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });
});

describe('SqliteAvailabilityStore transactions', () => {
  const tx = (namespace: number, text: string) => ({ namespace, payload: new TextEncoder().encode(text) });

  it('stores each transaction as a span of its namespace payload, not a second copy of its bytes', async () => {
    const db = openSqliteDatabase(':memory:');
    const store = new SqliteAvailabilityStore(db);
    // Height 1 holds the three transactions (the chain starts at genesis).
    const chain = buildDecidedChain(1n, [[tx(2, 'alpha'), tx(5, 'beta'), tx(2, 'gamma')]]);
    await store.appendDecided(chain);
    expect(db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 3 });
    const copies = db.prepare('SELECT count(*) AS n FROM transactions WHERE payload IS NOT NULL').get();
    expect(copies).toEqual({ n: 0 });
    const hashes = blockTransactionHashes(chain[1]!.payload!);
    expect(hashes).toHaveLength(3);
    for (const [index, hash] of hashes.entries()) {
      const found = await store.getTransaction(hash);
      expect(found).toMatchObject({ hash, height: 1, index });
      expect(found!.transaction).toEqual(blockTransactions(chain[1]!.payload!)[index]);
    }
    db.close();
  });

  it('still serves the copies a schema-2 database holds after migrating it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hotshot-sqlite-v2-'));
    const file = path.join(dir, 'db.sqlite');
    try {
      const chain = buildDecidedChain(1n, [[tx(3, 'old bytes')]]);
      const [hash] = blockTransactionHashes(chain[1]!.payload!);
      const v3 = openSqliteDatabase(file);
      await new SqliteAvailabilityStore(v3).appendDecided(chain);
      // Back to the schema-2 shape: the row holds its own copy and no span.
      v3.exec(`CREATE TABLE t2 AS SELECT hash, height, idx, namespace, x'6f6c64206279746573' AS payload FROM transactions;
               DROP TABLE transactions; ALTER TABLE t2 RENAME TO transactions; PRAGMA user_version = 2;`);
      v3.close();
      const migrated = openSqliteDatabase(file);
      expect(migrated.pragma('user_version', { simple: true })).toBe(3);
      expect(migrated.prepare('SELECT payload IS NOT NULL AS copy FROM transactions').get()).toEqual({ copy: 1 });
      const found = await new SqliteAvailabilityStore(migrated).getTransaction(hash!);
      expect(found).toMatchObject({ hash, height: 1, index: 0 });
      expect(new TextDecoder().decode(found!.transaction.payload)).toBe('old bytes');
      migrated.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
