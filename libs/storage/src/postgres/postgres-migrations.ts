import type { PoolClient } from 'pg';
import { StorageError } from '../errors';
import type { PostgresDatabase } from './postgres-database';

/**
 * Schema migrations, applied in order; the index + 1 is the schema version. Never edit one that shipped.
 * The tables mirror the SQLite schema; heights and views are bigint, payload bytes are bytea.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE safety_state (
    id smallint PRIMARY KEY CHECK (id = 1),
    last_actioned_view bigint NOT NULL,
    state text NOT NULL
  );
  CREATE TABLE actions (
    view bigint NOT NULL,
    kind text NOT NULL,
    digest text NOT NULL,
    PRIMARY KEY (view, kind)
  );
  CREATE TABLE leaves (
    height bigint PRIMARY KEY,
    view bigint NOT NULL,
    leaf_commitment text NOT NULL UNIQUE,
    header_commitment text NOT NULL UNIQUE,
    leaf text NOT NULL,
    deciding_qc text
  );
  CREATE TABLE payloads (
    height bigint PRIMARY KEY,
    namespace_table text NOT NULL
  );
  CREATE TABLE namespace_payloads (
    height bigint NOT NULL,
    position integer NOT NULL,
    payload bytea NOT NULL,
    PRIMARY KEY (height, position)
  );
  CREATE TABLE transactions (
    hash text PRIMARY KEY,
    height bigint NOT NULL,
    idx integer NOT NULL,
    namespace bigint NOT NULL,
    payload bytea NOT NULL
  );
  CREATE INDEX transactions_by_height ON transactions (height);
  CREATE TABLE finality_certificates (
    height bigint PRIMARY KEY,
    certificate text NOT NULL
  );
  `,
  `
  CREATE TABLE undecided_payloads (
    commitment text PRIMARY KEY,
    view bigint NOT NULL,
    payload bytea NOT NULL
  );
  CREATE INDEX undecided_payloads_by_view ON undecided_payloads (view);
  `,
  // A payload is stored once (issue 16), as in SQLite's schema 4: the undecided row becomes the decided height's, and
  // the bytes sit in a table of their own so that giving a row its height does not rewrite them.
  `
  CREATE TABLE payload_bytes (
    id bigserial PRIMARY KEY,
    payload bytea NOT NULL
  );
  CREATE TABLE block_payloads (
    id bigint PRIMARY KEY REFERENCES payload_bytes (id) ON DELETE CASCADE,
    commitment text NOT NULL,
    view bigint NOT NULL,
    height bigint UNIQUE
  );
  ALTER TABLE undecided_payloads ADD COLUMN id bigserial;
  INSERT INTO payload_bytes (id, payload) SELECT id, payload FROM undecided_payloads;
  INSERT INTO block_payloads (id, commitment, view) SELECT id, commitment, view FROM undecided_payloads;
  SELECT setval(pg_get_serial_sequence('payload_bytes', 'id'), coalesce(max(id), 0) + 1, false) FROM payload_bytes;
  DROP TABLE undecided_payloads;
  CREATE UNIQUE INDEX block_payloads_undecided ON block_payloads (commitment) WHERE height IS NULL;
  CREATE INDEX block_payloads_undecided_by_view ON block_payloads (view) WHERE height IS NULL;
  `,
];

/** The table that records which migrations ran, one row per schema version. */
export const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * Creates the schema if missing and applies the pending migrations in one transaction, under an advisory lock
 * keyed on the schema so two nodes starting together migrate once. Returns the schema version. A database whose
 * version is newer than `migrations` knows is refused with StorageError.
 */
export async function migratePostgres(
  db: PostgresDatabase,
  migrations: readonly string[] = POSTGRES_MIGRATIONS,
): Promise<number> {
  return db.transaction('migrate', async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('hotshot-storage-migrations'), hashtext($1))", [
      db.schema,
    ]);
    await ensureSchema(client, db.schema);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
        version integer PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${MIGRATIONS_TABLE}`,
    );
    const current = rows[0]?.version ?? 0;
    if (current > migrations.length) {
      throw new StorageError('the database was written by a newer version of this software', {
        url: db.url,
        schema: db.schema,
        schemaVersion: current,
        supported: migrations.length,
      });
    }
    for (let version = current; version < migrations.length; version++) {
      try {
        await client.query(migrations[version]!);
        await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version) VALUES ($1)`, [version + 1]);
      } catch (cause) {
        throw new StorageError(
          'database migration failed',
          { url: db.url, schema: db.schema, toVersion: version + 1 },
          cause,
        );
      }
    }
    return migrations.length;
  });
}

/** Creates the schema when it is missing; checking first spares a role without CREATE on the database. */
async function ensureSchema(client: PoolClient, schema: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  // The name passed checkSchemaName, so quoting is all it needs (a keyword such as `user` stays a name).
  if (rowCount === 0) await client.query(`CREATE SCHEMA "${schema}"`);
}
