import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { SafetyViolationError, StorageError } from '../errors';
import { openSqliteDatabase, sqlitePathIn } from './sqlite-database';
import { SqliteSafetyStore } from './sqlite-safety-store';

interface CoreState {
  lastActionedView: number;
  highQc: { view: number; signature: Uint8Array; stake: bigint };
}

const digestA = `0x${'aa'.repeat(32)}` as const;
const digestB = `0x${'bb'.repeat(32)}` as const;

describe('SqliteSafetyStore', () => {
  let dir: string;
  let db: Database.Database;
  let store: SqliteSafetyStore<CoreState>;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'safety-'));
    db = openSqliteDatabase(sqlitePathIn(dir));
    store = new SqliteSafetyStore<CoreState>(db);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no state before the first save', async () => {
    expect(await store.loadState()).toBeUndefined();
  });

  it('keeps state, bytes and bigints across a reopen of the file', async () => {
    const state: CoreState = {
      lastActionedView: 7,
      highQc: { view: 6, signature: new Uint8Array([1, 2, 3]), stake: 2n ** 70n },
    };
    await store.saveState(state, 7);
    db.close();
    db = openSqliteDatabase(sqlitePathIn(dir));
    const reopened = new SqliteSafetyStore<CoreState>(db);
    expect(await reopened.loadState()).toEqual(state);
  });

  it('refuses a last actioned view that goes backwards, and keeps the old state', async () => {
    const later: CoreState = { lastActionedView: 9, highQc: { view: 8, signature: new Uint8Array(), stake: 1n } };
    await store.saveState(later, 9);
    await store.saveState(later, 9);
    await expect(store.saveState({ ...later, lastActionedView: 8 }, 8)).rejects.toThrow(SafetyViolationError);
    expect((await store.loadState())?.lastActionedView).toBe(9);
  });

  it('records actions once, tolerates the same action again, and refuses a different one in the same view', async () => {
    await store.recordAction({ view: 3, kind: 'quorum-vote', digest: digestA });
    await store.recordAction({ view: 3, kind: 'quorum-vote', digest: digestA });
    await store.recordAction({ view: 3, kind: 'timeout-vote', digest: digestB });
    await expect(store.recordAction({ view: 3, kind: 'quorum-vote', digest: digestB })).rejects.toThrow(
      'a different action was already taken in this view',
    );
    expect(await store.listActions()).toEqual([
      { view: 3, kind: 'quorum-vote', digest: digestA },
      { view: 3, kind: 'timeout-vote', digest: digestB },
    ]);
    expect(await store.listActions(4)).toEqual([]);
  });

  it('refuses a database written by a newer schema', () => {
    db.pragma('user_version = 999');
    db.close();
    expect(() => openSqliteDatabase(sqlitePathIn(dir))).toThrow(StorageError);
    expect(() => openSqliteDatabase(sqlitePathIn(dir))).toThrow('newer version');
  });
});
