import { BaseError } from '@hotshot/protocol';

/** A request is malformed; the message names the field and what is wrong with it. */
export class BadRequestError extends BaseError {
  override name = 'BadRequestError';
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { details });
  }
}

/** The requested resource does not exist (yet). */
export class NotFoundError extends BaseError {
  override name = 'NotFoundError';
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { details });
  }
}
