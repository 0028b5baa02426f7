import { BaseError } from '@hotshot/protocol';

/** The database could not be opened, migrated, read or written. */
export class StorageError extends BaseError {
  override name = 'StorageError';
  constructor(message: string, details?: Record<string, unknown>, cause?: unknown) {
    super(message, { details, cause });
  }
}

/** A stored record does not decode: the data directory is damaged or was written by an incompatible version. */
export class CorruptRecordError extends StorageError {
  override name = 'CorruptRecordError';
}

/**
 * A write would break a safety rule: a second, different leaf at a decided height, a second different action in
 * one view, or the last actioned view going backwards. This means a bug or a damaged store, never normal operation.
 */
export class SafetyViolationError extends StorageError {
  override name = 'SafetyViolationError';
}
