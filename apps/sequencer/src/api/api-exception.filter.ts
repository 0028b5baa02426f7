import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseError } from '@hotshot/protocol';
import type { Logger } from '@hotshot/telemetry';
import type { FastifyReply } from 'fastify';
import {
  BatchRefusedError,
  MempoolFullError,
  MempoolShareExceededError,
  TransactionRejectedError,
} from '../mempool/mempool-errors';
import { NodeNotJoinedError } from '../node-errors';
import {
  BadRequestError,
  HeightPrunedError,
  NodeUnhealthyError,
  NotFoundError,
  NotReadyError,
  RequestBodyTooLargeError,
  TooManyClientStreamsError,
  TooManyStreamsError,
  UpgradeRequiredError,
} from './api-errors';

/** The JSON body of every API error. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

/**
 * The API's name for a domain error that the API reports as one of its own: a node that has not joined is, to a
 * client, a node that is not ready (503 NotReadyError, as every other "not yet" the API answers).
 */
function asApiError(error: unknown): unknown {
  if (error instanceof NodeNotJoinedError) {
    return new NotReadyError(error.shortMessage);
  }
  return error;
}

/** HTTP status for each error the API expects; anything else is a 500 (and is logged by whoever answers it). */
export function errorStatus(error: unknown): number {
  error = asApiError(error);
  if (error instanceof BatchRefusedError) return batchStatus(error);
  if (error instanceof BadRequestError || error instanceof TransactionRejectedError) return 400;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof HeightPrunedError) return 410;
  if (error instanceof RequestBodyTooLargeError) return 413;
  if (error instanceof UpgradeRequiredError) return 426;
  if (error instanceof MempoolShareExceededError || error instanceof TooManyClientStreamsError) return 429;
  if (error instanceof MempoolFullError || error instanceof NotReadyError || error instanceof TooManyStreamsError) {
    return 503;
  }
  if (error instanceof NodeUnhealthyError) return 503;
  if (error instanceof HttpException) return error.getStatus();
  return 500;
}

/**
 * A refused batch's status, from its refusals': a client error the client must fix (400, 413) comes first, then
 * 429 (slow down), then 503 (retry later); anything else is a 500.
 */
function batchStatus(error: BatchRefusedError): number {
  const statuses = error.refusals.map((refusal) => errorStatus(refusal.error));
  const mustFix = statuses.filter((status) => status >= 400 && status < 500 && status !== 429);
  if (mustFix.length > 0) return Math.min(...mustFix);
  if (statuses.every((status) => status === 429 || status === 503)) return statuses.includes(429) ? 429 : 503;
  return 500;
}

/**
 * Headers an error response carries besides the content type: `Retry-After` (seconds) when the error asks the
 * client to retry later, and `Connection: close` for a body too large (so the rest of it is not read).
 */
export function errorHeaders(error: unknown): Record<string, string> {
  error = asApiError(error);
  const headers: Record<string, string> = {};
  if (error instanceof BaseError && 'retryAfterSeconds' in error && typeof error.retryAfterSeconds === 'number') {
    headers['retry-after'] = String(error.retryAfterSeconds);
  }
  if (errorStatus(error) === 413) headers.connection = 'close';
  return headers;
}

/**
 * `{ "error": "Name", "message": "...", "details": {...} }` with bigints as decimal strings. An unexpected error
 * (a 500) says only "internal error": its message may hold internals; the log has it.
 */
export function errorBody(error: unknown): ErrorBody {
  error = asApiError(error);
  let body: ErrorBody;
  if (error instanceof BatchRefusedError && errorStatus(error) !== 500) {
    const refusals = error.refusals.map(({ index, error: cause }) => ({ index, ...errorBody(cause) }));
    body = { error: error.name, message: error.shortMessage, details: { ...error.details, refusals } };
  } else if (error instanceof BaseError && errorStatus(error) !== 500) {
    body = { error: error.name, message: error.shortMessage, details: { ...error.details } };
  } else if (error instanceof HttpException && error.getStatus() < 500) {
    // Fastify's own 4xx (bad JSON, body too large, unknown route) arrive as HttpExceptions.
    const status = error.getStatus();
    body = { error: (STATUS_CODES[status] ?? 'Error').replace(/[^A-Za-z]/g, ''), message: error.message };
  } else {
    body = { error: 'InternalError', message: 'internal error' };
  }
  return JSON.parse(JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as ErrorBody;
}

/** The one place API errors become HTTP responses. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = errorStatus(error);
    if (status >= 500 && status !== 503) this.log.error('request failed', { error });
    void reply
      .status(status)
      .headers({ ...errorHeaders(error), 'content-type': 'application/json; charset=utf-8' })
      .send(errorBody(error));
  }
}
