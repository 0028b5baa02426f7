import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StorageError } from '../errors';
import Database from 'better-sqlite3';
import { commitBeforeNextSync, openSqliteDatabase, SQLITE_PAGE_BYTES, sqlitePathIn } from './sqlite-database';

/** The error openSqliteDatabase throws for `file`, or a failure when it opens the file as sound. */
function openError(file: string): StorageError {
  try {
    openSqliteDatabase(file).close();
  } catch (error) {
    expect(error).toBeInstanceOf(StorageError);
    return error as StorageError;
  }
  throw new Error(`${file} opened as if it were sound`);
}

/** Overwrites `bytes` at `offset` of `file`. */
function overwrite(file: string, offset: number, bytes: Uint8Array): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

describe('openSqliteDatabase on a damaged file (issue 17, finding 6)', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sqlite-damaged-'));
    file = sqlitePathIn(dir);
    // A database of about 1,200 pages: decided transactions with their hash index, checkpointed into the file.
    const db = openSqliteDatabase(file);
    const insert = db.prepare(
      'INSERT INTO transactions (hash, height, idx, namespace, payload) VALUES (?, ?, ?, 1, ?)',
    );
    db.transaction(() => {
      for (let i = 0; i < 4000; i++) insert.run(randomBytes(32).toString('hex'), i, 0, randomBytes(1000));
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens a sound file again', () => {
    const db = openSqliteDatabase(file);
    expect((db.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n).toBe(4000);
    db.close();
  });

  it('refuses a file with 200 overwritten pages mid-file, naming the file and what to do', () => {
    const pageSize = 4096;
    const pages = statSync(file).size / pageSize;
    expect(pages).toBeGreaterThan(600);
    const first = Math.floor(pages / 2) - 100;
    overwrite(file, first * pageSize, randomBytes(200 * pageSize));

    const error = openError(file);
    expect(error.message).toContain('damaged');
    expect(error.message).toContain(file);
    expect(error.message).toContain('restore the file from a backup');
    expect(error.message).toContain('empty its data directory');
  });

  it('refuses a garbage header and prints the underlying cause, not only that it cannot open', () => {
    overwrite(file, 0, randomBytes(100));

    const error = openError(file);
    expect(error.message).toContain('file is not a database');
    expect(error.message).toContain(file);
    expect(error.message).toContain('empty its data directory');
  });
});

describe('commitBeforeNextSync', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotshot-sqlite-nosync-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const synchronous = (db: ReturnType<typeof openSqliteDatabase>) => db.pragma('synchronous', { simple: true });

  it('commits without its own fsync and leaves the connection synchronous for the next commit', () => {
    const file = sqlitePathIn(dir);
    const db = openSqliteDatabase(file);
    db.exec('CREATE TABLE t (v INTEGER)');
    expect(synchronous(db)).toBe(2); // FULL
    const during = commitBeforeNextSync(db, () => {
      db.prepare('INSERT INTO t (v) VALUES (1)').run();
      return synchronous(db);
    });
    expect(during).toBe(1); // NORMAL: no fsync at this commit
    expect(synchronous(db)).toBe(2);
    const reader = openSqliteDatabase(file);
    expect(reader.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    reader.close();
    db.close();
  });

  it('rolls back and restores FULL when the write throws', () => {
    const db = openSqliteDatabase(sqlitePathIn(dir));
    db.exec('CREATE TABLE t (v INTEGER)');
    expect(() =>
      commitBeforeNextSync(db, () => {
        db.prepare('INSERT INTO t (v) VALUES (1)').run();
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(synchronous(db)).toBe(2);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('page size', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotshot-sqlite-pages-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const pageSize = (db: Database.Database) => db.pragma('page_size', { simple: true });

  it('makes a new database with SQLITE_PAGE_BYTES pages, above SQLite default of 4 KiB', () => {
    const db = openSqliteDatabase(sqlitePathIn(dir));
    expect(SQLITE_PAGE_BYTES).toBeGreaterThan(4096);
    expect(pageSize(db)).toBe(SQLITE_PAGE_BYTES);
    db.close();
  });

  it('opens a database made with 4 KiB pages as it is, and keeps its rows', () => {
    const file = sqlitePathIn(dir);
    const old = new Database(file);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE kept (value TEXT)');
    old.prepare('INSERT INTO kept VALUES (?)').run('from before');
    old.close();
    const db = openSqliteDatabase(file);
    expect(pageSize(db)).toBe(4096);
    expect(db.prepare('SELECT value FROM kept').pluck().get()).toBe('from before');
    db.close();
  });
});
