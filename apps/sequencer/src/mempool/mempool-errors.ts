import { BaseError } from '@hotshot/protocol';

/** Seconds a refused submitter is asked to wait (`Retry-After`) when the mempool is full or it is over its share. */
export const MEMPOOL_RETRY_AFTER_SECONDS = 1;

/** A submitted transaction breaks a network bound; the submitter must change it. */
export class TransactionRejectedError extends BaseError {
  override name = 'TransactionRejectedError';
  constructor(message: string, details: Record<string, unknown>) {
    super(message, { details });
  }
}

/** The mempool as a whole holds as much as it may; anyone should retry later (HTTP 503 with Retry-After). */
export class MempoolFullError extends BaseError {
  override name = 'MempoolFullError';
  readonly retryAfterSeconds = MEMPOOL_RETRY_AFTER_SECONDS;
  constructor(details: Record<string, unknown>) {
    super('the mempool is full; retry later', { details });
  }
}

/**
 * One submitter (a client address or a member) or one namespace holds its whole share of the mempool; that
 * submitter should slow down and retry later (HTTP 429 with Retry-After). Others are still served.
 */
export class MempoolShareExceededError extends BaseError {
  override name = 'MempoolShareExceededError';
  readonly retryAfterSeconds = MEMPOOL_RETRY_AFTER_SECONDS;
  constructor(
    readonly scope: 'submitter' | 'namespace',
    details: Record<string, unknown>,
  ) {
    super(
      scope === 'submitter'
        ? 'this submitter holds its whole share of the mempool; retry later'
        : 'this namespace holds its whole share of the mempool; retry later',
      { details: { scope, ...details } },
    );
  }
}

/** One transaction of a batch that caused the batch's refusal, by its position in the batch. */
export interface BatchRefusal {
  readonly index: number;
  readonly error: BaseError;
}

/**
 * A batch was refused as a whole, and nothing of it was added: `refusals` names each transaction that caused it
 * (the others would have been accepted). Retry-After is set when every refusal asks the client to retry later.
 */
export class BatchRefusedError extends BaseError {
  override name = 'BatchRefusedError';
  readonly retryAfterSeconds?: number;
  constructor(
    readonly refusals: readonly BatchRefusal[],
    transactions: number,
  ) {
    super(`${refusals.length} of the ${transactions} transactions were refused, so none was accepted`, {
      details: { transactions, refused: refusals.length },
    });
    const waits = refusals.map((r) => ('retryAfterSeconds' in r.error ? r.error.retryAfterSeconds : undefined));
    if (waits.every((wait) => typeof wait === 'number')) this.retryAfterSeconds = Math.max(...(waits as number[]));
  }
}
