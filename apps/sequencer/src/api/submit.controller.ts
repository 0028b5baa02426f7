import { Body, Controller, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  BatchRefusedSchema,
  ErrorSchema,
  MAX_BATCH_TRANSACTIONS,
  SubmitBatchSchema,
  SubmitTransactionSchema,
  TransactionHashSchema,
  TransactionHashesSchema,
} from '@hotshot/sequencer-api';
import { ApiErrors, ApiJsonOk, docSchema } from './api-docs';
import { SUBMIT_PORT, type SubmitPort } from './api-ports';
import { decodeBatchBody, decodeTransactionBody } from './submit-body';

/** A batch's error body: the refusal with one entry per refused transaction, or the API's plain error. */
const BATCH_ERROR_SCHEMA = { anyOf: [docSchema(BatchRefusedSchema), docSchema(ErrorSchema)] };
const LIMITS_NOTE =
  'A client address (or namespace) holding its whole share of the mempool gets 429, a full mempool 503; both ' +
  'carry Retry-After (seconds).';

/**
 * `POST /v0/submit/submit`: `{ "namespace": uint32, "payload": base64 }` -> the transaction hash, and
 * `POST /v0/submit/batch`: an array of them -> their hashes, all accepted or none. Bodies are bounded by the
 * network's maxTxBytes before they are read (submit-body-limit.ts); the submitter is the client's address, whose
 * share of the mempool is bounded.
 */
@ApiTags('submit')
@Controller('v0/submit')
export class SubmitController {
  constructor(@Inject(SUBMIT_PORT) private readonly submitPort: SubmitPort) {}

  @Post('submit')
  @HttpCode(200)
  // A JSON string, as Espresso's API answers, so every response body parses as JSON.
  @Header('Content-Type', 'application/json')
  @ApiOperation({
    summary: 'Submit a transaction to the mempool; answers its hash as a JSON string',
    description: `A body larger than the network allows for one transaction is refused with 413 before it is read. ${LIMITS_NOTE}`,
  })
  @ApiBody({ schema: docSchema(SubmitTransactionSchema) })
  @ApiJsonOk(TransactionHashSchema)
  @ApiErrors(400, 413, 429, 503)
  async submit(@Body() body: unknown, @Req() request: FastifyRequest): Promise<string> {
    const outcome = await this.submitPort.submit(decodeTransactionBody(body), { client: request.ip });
    return JSON.stringify(outcome.hash);
  }

  @Post('batch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Submit several transactions, all or none; answers their hashes in order',
    description:
      `At most ${MAX_BATCH_TRANSACTIONS} transactions, whose body may be as large as one largest transaction's ` +
      '(plus framing): larger is refused with 413 before it is read. Each transaction is checked as ' +
      '/submit/submit checks it, with the earlier ones of the batch counted as already in the mempool. If any is ' +
      'refused, none is accepted, and the answer (a BatchRefusedError) lists each refused transaction by index ' +
      'with its own error; its status is 400 when one is malformed or breaks a bound (fix it), else 429 or 503 ' +
      `(retry the whole batch later). ${LIMITS_NOTE}`,
  })
  @ApiBody({ schema: docSchema(SubmitBatchSchema) })
  @ApiJsonOk(TransactionHashesSchema)
  @ApiResponse({
    status: 400,
    description: `the body is not an array of 1 to ${MAX_BATCH_TRANSACTIONS} transactions, or a transaction is malformed or too large`,
    schema: BATCH_ERROR_SCHEMA,
  })
  @ApiResponse({
    status: 429,
    description: 'a transaction is over its submitter or namespace share; retry after `Retry-After` seconds',
    schema: docSchema(BatchRefusedSchema),
  })
  @ApiResponse({
    status: 503,
    description: 'the mempool is too full for the batch, or the node is not ready; retry after `Retry-After` seconds',
    schema: BATCH_ERROR_SCHEMA,
  })
  @ApiErrors(413)
  async batch(@Body() body: unknown, @Req() request: FastifyRequest): Promise<string[]> {
    const outcomes = await this.submitPort.submitBatch(decodeBatchBody(body), { client: request.ip });
    return outcomes.map((outcome) => outcome.hash);
  }
}
