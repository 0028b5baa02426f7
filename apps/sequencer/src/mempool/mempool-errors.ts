import { BaseError } from '@hotshot/protocol';

/** A submitted transaction breaks a network bound; the submitter must change it. */
export class TransactionRejectedError extends BaseError {
  override name = 'TransactionRejectedError';
  constructor(message: string, details: Record<string, unknown>) {
    super(message, { details });
  }
}

/** The mempool holds as much as it may; the submitter should retry later. */
export class MempoolFullError extends BaseError {
  override name = 'MempoolFullError';
  constructor(details: Record<string, unknown>) {
    super('the mempool is full; retry later', { details });
  }
}
