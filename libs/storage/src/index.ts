export type { AvailabilityStore, DecidedBlock, TransactionLocation } from './availability-store';
export { fromTaggedJson, toTaggedJson } from './codec/tagged-json';
export { CorruptRecordError, SafetyViolationError, StorageError } from './errors';
export type { ActionKind, ActionRecord, SafetyStore } from './safety-store';
export { SqliteAvailabilityStore } from './sqlite/sqlite-availability-store';
export { openSqliteDatabase, sqlitePathIn } from './sqlite/sqlite-database';
export { SqliteSafetyStore } from './sqlite/sqlite-safety-store';
