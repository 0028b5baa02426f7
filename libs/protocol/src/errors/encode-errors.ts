import { BaseError } from './base-error';

/** A value handed to an encoder cannot be represented in its encoding: a local bug, never a peer's fault. */
export class UnencodableValueError extends BaseError {
  override name = 'UnencodableValueError';
  constructor(field: string, reason: string, value?: unknown) {
    super(`cannot encode ${field}: ${reason}`, { details: value === undefined ? { field } : { field, value } });
  }
}
