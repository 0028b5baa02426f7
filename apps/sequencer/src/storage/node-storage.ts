import type { PersistedConsensusState } from '@hotshot/consensus';
import {
  SqliteAvailabilityStore,
  SqliteSafetyStore,
  openPostgresStorage,
  openSqliteDatabase,
  sqlitePathIn,
  startWalCheckpointer,
  type AvailabilityStore,
  type SafetyStore,
} from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import type { NodeSettings } from '../node-settings';

/** How often SQLite's log is checkpointed into the database file, off the event loop. */
const CHECKPOINT_INTERVAL_MS = 250;

/** The node's two stores on one backend, and how to close them. */
export interface NodeStorage {
  readonly safety: SafetyStore<PersistedConsensusState>;
  readonly availability: AvailabilityStore;
  /** Where the data lives, for logs (a PostgreSQL URL with its password redacted). */
  readonly location: string;
  close(): Promise<void>;
}

/**
 * Opens SQLite in the data directory (the default), with its checkpoints on a worker thread, or the PostgreSQL
 * database the settings name.
 */
export async function openNodeStorage(
  settings: Pick<NodeSettings, 'storage' | 'dataDir'>,
  log: Logger,
): Promise<NodeStorage> {
  if (settings.storage === 'sqlite') {
    const file = sqlitePathIn(settings.dataDir);
    const db = openSqliteDatabase(file);
    const availability = new SqliteAvailabilityStore(db);
    // A failed checkpoint loses nothing (commits are durable in the log); a full disk then stops the node at its
    // next write, loudly, as a failed Persist does.
    const checkpointer = startWalCheckpointer(db, file, {
      intervalMs: CHECKPOINT_INTERVAL_MS,
      onError: (error) => log.warn('sqlite checkpoint failed', { error }),
    });
    return {
      safety: new SqliteSafetyStore<PersistedConsensusState>(db),
      availability,
      location: file,
      close: async () => {
        await checkpointer.stop();
        await availability.close();
      },
    };
  }
  const storage = await openPostgresStorage<PersistedConsensusState>(settings.storage.postgresUrl);
  return {
    safety: storage.safety,
    availability: storage.availability,
    location: storage.url,
    close: () => storage.close(),
  };
}
