import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseError } from '@hotshot/protocol';
import type { Logger } from '@hotshot/telemetry';
import type { FastifyReply } from 'fastify';
import { MempoolFullError, TransactionRejectedError } from '../mempool/mempool-errors';
import { BadRequestError, NotFoundError } from './api-errors';

/** HTTP status for each error the API expects; anything else is a 500 and is logged. */
function statusOf(error: unknown): number {
  if (error instanceof BadRequestError || error instanceof TransactionRejectedError) return 400;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof MempoolFullError) return 503;
  if (error instanceof HttpException) return error.getStatus();
  return 500;
}

/** The one place API errors become responses: `{ "error": "Name", "message": "...", "details": {...} }`. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = statusOf(error);
    if (status >= 500) this.log.error('request failed', { error });
    const body =
      error instanceof BaseError
        ? { error: error.name, message: error.shortMessage, details: error.details }
        : error instanceof HttpException
          ? { error: error.name, message: error.message }
          : { error: 'InternalError', message: 'internal error' };
    void reply
      .status(status)
      .send(JSON.parse(JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))));
  }
}
