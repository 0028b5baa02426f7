import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { StorageError } from '../errors';
import { describeSafetyStore } from '../testing/safety-store.contract';
import { openSqliteDatabase, sqlitePathIn } from './sqlite-database';
import { SqliteSafetyStore } from './sqlite-safety-store';

describeSafetyStore('SQLite', async <TState>() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'safety-'));
  let db: Database.Database = openSqliteDatabase(sqlitePathIn(dir));
  return {
    store: new SqliteSafetyStore<TState>(db),
    reopen: async () => {
      db.close();
      db = openSqliteDatabase(sqlitePathIn(dir));
      return new SqliteSafetyStore<TState>(db);
    },
    close: async () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteSafetyStore schema', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'safety-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a database written by a newer schema', () => {
    const db = openSqliteDatabase(sqlitePathIn(dir));
    db.pragma('user_version = 999');
    db.close();
    expect(() => openSqliteDatabase(sqlitePathIn(dir))).toThrow(StorageError);
    expect(() => openSqliteDatabase(sqlitePathIn(dir))).toThrow('newer version');
  });
});
