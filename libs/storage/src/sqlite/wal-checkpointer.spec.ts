import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commitBeforeNextSync, openSqliteDatabase } from './sqlite-database';
import { startWalCheckpointer } from './wal-checkpointer';

describe('startWalCheckpointer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotshot-wal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `megabytes` of blobs in 1 MB commits, as decided blocks are written. */
  function write(db: ReturnType<typeof openSqliteDatabase>, megabytes: number): void {
    const insert = db.prepare('INSERT INTO blobs (b) VALUES (?)');
    for (let i = 0; i < megabytes; i++) commitBeforeNextSync(db, () => insert.run(Buffer.alloc(1 << 20, i)));
  }

  async function waitFor(predicate: () => boolean, what: string): Promise<void> {
    for (let waited = 0; !predicate(); waited += 20) {
      if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('checkpoints from its own thread, so the node connection never has to', async () => {
    const file = path.join(dir, 'db.sqlite');
    const db = openSqliteDatabase(file);
    db.exec('CREATE TABLE blobs (b BLOB)');
    const errors: string[] = [];
    const checkpointer = startWalCheckpointer(db, file, { intervalMs: 20, onError: (e) => errors.push(e) });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(16_384);
    write(db, 6);
    // Pages reach the database file only through a checkpoint; the node's own connection waits for 64 MB of log.
    await waitFor(() => statSync(file).size > 6 * (1 << 20), 'the worker to checkpoint the log into the file');
    await checkpointer.stop();
    expect(errors).toEqual([]);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 6 });
    db.close();
  });

  it('without it the same writes stay in the log under the raised threshold (the check above can fail)', () => {
    const file = path.join(dir, 'db.sqlite');
    const db = openSqliteDatabase(file);
    db.exec('CREATE TABLE blobs (b BLOB)');
    db.pragma('wal_autocheckpoint = 16384');
    write(db, 6);
    expect(statSync(file).size).toBeLessThan(1 << 20);
    db.close();
  });

  it('reports a checkpoint that fails, and stops cleanly twice', async () => {
    const file = path.join(dir, 'db.sqlite');
    const db = openSqliteDatabase(file);
    const errors: string[] = [];
    const checkpointer = startWalCheckpointer(db, path.join(dir, 'missing.sqlite'), {
      intervalMs: 20,
      onError: (e) => errors.push(e),
    });
    await waitFor(() => errors.length > 0, 'the worker to report it cannot open the file');
    expect(errors[0]).toMatch(/unable to open|does not exist|directory/i);
    await Promise.all([checkpointer.stop(), checkpointer.stop()]);
    db.close();
  });
});
