import type { PersistedConsensusState } from '@hotshot/consensus';
import {
  SqliteAvailabilityStore,
  SqliteSafetyStore,
  openPostgresStorage,
  openSqliteDatabase,
  sqlitePathIn,
  type AvailabilityStore,
  type SafetyStore,
} from '@hotshot/storage';
import type { NodeSettings } from '../node-settings';

/** The node's two stores on one backend, and how to close them. */
export interface NodeStorage {
  readonly safety: SafetyStore<PersistedConsensusState>;
  readonly availability: AvailabilityStore;
  /** Where the data lives, for logs (a PostgreSQL URL with its password redacted). */
  readonly location: string;
  close(): Promise<void>;
}

/** Opens SQLite in the data directory (the default) or the PostgreSQL database the settings name. */
export async function openNodeStorage(settings: Pick<NodeSettings, 'storage' | 'dataDir'>): Promise<NodeStorage> {
  if (settings.storage === 'sqlite') {
    const file = sqlitePathIn(settings.dataDir);
    const db = openSqliteDatabase(file);
    const availability = new SqliteAvailabilityStore(db);
    return {
      safety: new SqliteSafetyStore<PersistedConsensusState>(db),
      availability,
      location: file,
      close: () => availability.close(),
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
