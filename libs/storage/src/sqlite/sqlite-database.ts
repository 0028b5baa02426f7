import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { StorageError } from '../errors';

/** Schema migrations, applied in order; the index + 1 is the schema version. Never edit one that shipped. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE safety_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_actioned_view INTEGER NOT NULL,
    state TEXT NOT NULL
  );
  CREATE TABLE actions (
    view INTEGER NOT NULL,
    kind TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (view, kind)
  );
  CREATE TABLE leaves (
    height INTEGER PRIMARY KEY,
    view INTEGER NOT NULL,
    leaf_commitment TEXT NOT NULL UNIQUE,
    header_commitment TEXT NOT NULL UNIQUE,
    leaf TEXT NOT NULL,
    deciding_qc TEXT
  );
  CREATE TABLE payloads (
    height INTEGER PRIMARY KEY,
    namespace_table TEXT NOT NULL
  );
  CREATE TABLE namespace_payloads (
    height INTEGER NOT NULL,
    position INTEGER NOT NULL,
    payload BLOB NOT NULL,
    PRIMARY KEY (height, position)
  );
  CREATE TABLE transactions (
    hash TEXT PRIMARY KEY,
    height INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    namespace INTEGER NOT NULL,
    payload BLOB NOT NULL
  );
  CREATE INDEX transactions_by_height ON transactions (height);
  CREATE TABLE finality_certificates (
    height INTEGER PRIMARY KEY,
    certificate TEXT NOT NULL
  );
  `,
  // Payloads of undecided blocks the node holds, stored once by commitment instead of inside every safety state.
  `
  CREATE TABLE undecided_payloads (
    commitment TEXT PRIMARY KEY,
    view INTEGER NOT NULL,
    payload BLOB NOT NULL
  );
  CREATE INDEX undecided_payloads_by_view ON undecided_payloads (view);
  `,
  // A decided transaction points into its namespace payload instead of holding a second copy of its bytes (which
  // doubled the bytes written per decided block). Rows written before keep their copy in `payload`.
  `
  CREATE TABLE transactions_v3 (
    hash TEXT PRIMARY KEY,
    height INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    namespace INTEGER NOT NULL,
    position INTEGER,
    data_offset INTEGER,
    data_length INTEGER,
    payload BLOB,
    CHECK (payload IS NOT NULL OR (position IS NOT NULL AND data_offset IS NOT NULL AND data_length IS NOT NULL))
  );
  INSERT INTO transactions_v3 (hash, height, idx, namespace, payload)
    SELECT hash, height, idx, namespace, payload FROM transactions;
  DROP TABLE transactions;
  ALTER TABLE transactions_v3 RENAME TO transactions;
  CREATE INDEX transactions_by_height ON transactions (height);
  `,
  // A payload is stored once (issue 16): the row the safety store writes while its block is undecided gets the
  // block's height when it is decided, instead of a second copy of its bytes in namespace_payloads. The bytes sit in
  // a table of their own, because SQLite rewrites a whole record (a 1 MB blob with it) when one column changes.
  // Empty blocks share a commitment, so the commitment is unique only among undecided rows. Heights decided before
  // keep their namespace_payloads rows, and their transactions' offsets stay relative to those.
  `
  CREATE TABLE payload_bytes (
    id INTEGER PRIMARY KEY,
    payload BLOB NOT NULL
  );
  CREATE TABLE block_payloads (
    id INTEGER PRIMARY KEY REFERENCES payload_bytes (id) ON DELETE CASCADE,
    commitment TEXT NOT NULL,
    view INTEGER NOT NULL,
    height INTEGER UNIQUE
  );
  INSERT INTO payload_bytes (id, payload) SELECT rowid, payload FROM undecided_payloads;
  INSERT INTO block_payloads (id, commitment, view) SELECT rowid, commitment, view FROM undecided_payloads;
  DROP TABLE undecided_payloads;
  CREATE UNIQUE INDEX block_payloads_undecided ON block_payloads (commitment) WHERE height IS NULL;
  CREATE INDEX block_payloads_undecided_by_view ON block_payloads (view) WHERE height IS NULL;
  `,
];

/**
 * Runs `write` as one transaction without its own fsync (synchronous=NORMAL for this commit only). In WAL mode the
 * commit survives a crash of the process at once, and a power loss from the next synchronous commit on, because
 * that commit's fsync of the log covers every frame before it. For data that may trail the safety state but must
 * never run ahead of it (decided blocks, finality certificates): the consensus step that decides also persists its
 * state, so one fsync per step makes both durable, in the order they were written. The connection is back at
 * synchronous=FULL when this returns or throws.
 */
export function commitBeforeNextSync<T>(db: Database.Database, write: () => T): T {
  db.pragma('synchronous = NORMAL');
  try {
    return db.transaction(write)();
  } finally {
    db.pragma('synchronous = FULL');
  }
}

/** Where a node keeps its SQLite database inside its data directory. */
export function sqlitePathIn(dataDir: string): string {
  return path.join(dataDir, 'sequencer.sqlite');
}

/**
 * The page size of a new database. A block payload is stored as one blob that spans overflow pages, each written to
 * the WAL as its own frame, so the page count drives the cost of the safety commit that stores a voted payload:
 * 16 KiB pages took 4.6 ms per 1 MB payload with its four small safety commits, against 8.2 ms at SQLite's default
 * 4 KiB (8 KiB: 5.5 ms; 64 KiB: 4.7 ms, and more for small payloads since each small commit writes whole pages).
 */
export const SQLITE_PAGE_BYTES = 16_384;

/** What an operator can do about a damaged database, named in every refusal to open one. */
const REPAIR_ADVICE =
  'restore the file from a backup, or stop the node, empty its data directory and start it again to catch up from its peers';

/**
 * Opens (creating if needed) the SQLite database at `file`, checks that it is sound, and brings its schema up to
 * date. WAL with synchronous=FULL: a committed transaction survives a crash or power loss, which the
 * persist-before-send rule depends on. `:memory:` gives a throwaway database for tests.
 *
 * A damaged file (a garbage header, overwritten pages) is refused with a StorageError naming the file, SQLite's
 * own reason and what to do, instead of being used until a read fails: `PRAGMA quick_check` reads every page once
 * (seconds per GB; the node opens its database once, at start).
 */
export function openSqliteDatabase(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file);
    // Takes effect only while the file is new; an existing database keeps the page size it was made with.
    db.pragma(`page_size = ${SQLITE_PAGE_BYTES}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (cause) {
    db?.close();
    throw new StorageError(
      `cannot open the SQLite database: ${reasonOf(cause)}`,
      { file, whatToDo: REPAIR_ADVICE },
      cause,
    );
  }
  quickCheck(db, file);
  migrate(db, file);
  return db;
}

/** Refuses a database whose pages or indexes are damaged, closing it first. */
function quickCheck(db: Database.Database, file: string): void {
  let problems: string[];
  try {
    problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((row) => row.quick_check);
  } catch (cause) {
    db.close();
    throw new StorageError(
      `the SQLite database is damaged: ${reasonOf(cause)}`,
      { file, whatToDo: REPAIR_ADVICE },
      cause,
    );
  }
  if (problems.length === 1 && problems[0] === 'ok') return;
  db.close();
  throw new StorageError('the SQLite database is damaged: its integrity check failed', {
    file,
    problems,
    whatToDo: REPAIR_ADVICE,
  });
}

function reasonOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function migrate(db: Database.Database, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SQLITE_MIGRATIONS.length) {
    throw new StorageError('the database was written by a newer version of this software', {
      file,
      schemaVersion: current,
      supported: SQLITE_MIGRATIONS.length,
    });
  }
  for (let version = current; version < SQLITE_MIGRATIONS.length; version++) {
    try {
      db.transaction(() => {
        db.exec(SQLITE_MIGRATIONS[version]!);
        db.pragma(`user_version = ${version + 1}`);
      })();
    } catch (cause) {
      throw new StorageError('database migration failed', { file, toVersion: version + 1 }, cause);
    }
  }
}
