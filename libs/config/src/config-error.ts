import { BaseError } from '@hotshot/protocol';

/** A flag, environment variable or config file value is missing or malformed. */
export class ConfigError extends BaseError {
  override name = 'ConfigError';

  constructor(message: string, details?: Record<string, unknown>, cause?: unknown) {
    super(message, { details, cause });
  }
}
