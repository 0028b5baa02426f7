import { Body, Controller, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BadRequestError } from './api-errors';
import { SUBMIT_PORT, type SubmitPort } from './api-ports';
import { ApiErrors } from './dto/common.dto';
import { parseBase64, parseObject } from './request-parsing';

/** The body of `POST /v0/submit/submit` (documentation only: the body is parsed by hand, field by field). */
class SubmitTransactionDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 0xffffffff, description: "the rollup's namespace" })
  namespace!: number;
  @ApiProperty({ type: 'string', format: 'byte', description: 'the transaction bytes, standard or URL-safe base64' })
  payload!: string;
}

/**
 * `POST /v0/submit/submit`: `{ "namespace": uint32, "payload": base64 }` -> the transaction hash. The body is
 * bounded by the network's maxTxBytes before it is read (submit-body-limit.ts); the submitter is the client's
 * address, whose share of the mempool is bounded.
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
    description:
      'A body larger than the network allows for one transaction is refused with 413 before it is read. A ' +
      'client address (or namespace) holding its whole share of the mempool gets 429, a full mempool 503; both ' +
      'carry Retry-After (seconds).',
  })
  @ApiBody({ type: SubmitTransactionDto })
  @ApiOkResponse({ schema: { type: 'string', pattern: '^0x[0-9a-f]{64}$' } })
  @ApiErrors(400, 413, 429, 503)
  async submit(@Body() body: unknown, @Req() request: FastifyRequest): Promise<string> {
    const fields = parseObject(body);
    const namespace = fields.namespace;
    if (typeof namespace !== 'number' || !Number.isInteger(namespace) || namespace < 0 || namespace > 0xffffffff) {
      throw new BadRequestError('namespace must be an integer from 0 to 4294967295', { field: 'namespace' });
    }
    const payload = parseBase64(fields.payload, 'payload');
    const outcome = await this.submitPort.submit({ namespace, payload }, { client: request.ip });
    return JSON.stringify(outcome.hash);
  }
}
