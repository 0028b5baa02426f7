export type { AvailabilityStore, DecidedBlock, TransactionLocation } from './availability-store';
export { fromTaggedJson } from './codec/tagged-json';
export { SafetyViolationError } from './errors';
export type { ActionRecord, PersistedPayload, SafetyStore, SafetyWrite } from './safety-store';
export { SqliteAvailabilityStore } from './sqlite/sqlite-availability-store';
export { openSqliteDatabase, sqlitePathIn } from './sqlite/sqlite-database';
export { SqliteSafetyStore } from './sqlite/sqlite-safety-store';
export { startWalCheckpointer } from './sqlite/wal-checkpointer';
export { openPostgresStorage, type PostgresStorage } from './postgres/open-postgres-storage';
