import { PostgresAvailabilityStore } from './postgres-availability-store';
import { PostgresDatabase, type PostgresOptions } from './postgres-database';
import { migratePostgres } from './postgres-migrations';
import { PostgresSafetyStore } from './postgres-safety-store';

/** Both stores on one PostgreSQL pool. */
export interface PostgresStorage<TState> {
  readonly availability: PostgresAvailabilityStore;
  readonly safety: PostgresSafetyStore<TState>;
  /** The schema version the database is at after opening. */
  readonly schemaVersion: number;
  /** The URL with its password redacted, for logs. */
  readonly url: string;
  readonly schema: string;
  /** Ends the pool (closing the availability store does the same); safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Connects to PostgreSQL at `url`, creates the schema if missing, applies pending migrations and returns both
 * stores. Throws StorageError (URL password redacted) when the URL is bad, the server cannot be reached in time,
 * or the schema is newer than this code knows; the pool is closed before the error leaves.
 */
export async function openPostgresStorage<TState = unknown>(
  url: string,
  options: PostgresOptions = {},
): Promise<PostgresStorage<TState>> {
  const db = new PostgresDatabase(url, options);
  let schemaVersion: number;
  try {
    schemaVersion = await migratePostgres(db);
  } catch (error) {
    // The migration error is the one worth reporting; a failure to close on top of it adds nothing.
    await db.close().catch(() => undefined);
    throw error;
  }
  return {
    availability: new PostgresAvailabilityStore(db),
    safety: new PostgresSafetyStore<TState>(db),
    schemaVersion,
    url: db.url,
    schema: db.schema,
    close: () => db.close(),
  };
}
