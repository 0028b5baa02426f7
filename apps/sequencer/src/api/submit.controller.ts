import { Body, Controller, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { BadRequestError } from './api-errors';
import { SUBMIT_PORT, type SubmitPort } from './api-ports';
import { parseBase64, parseObject } from './request-parsing';

/** `POST /v0/submit/submit`: `{ "namespace": uint32, "payload": base64 }` -> the transaction hash. */
@Controller('v0/submit')
export class SubmitController {
  constructor(@Inject(SUBMIT_PORT) private readonly submitPort: SubmitPort) {}

  @Post('submit')
  @HttpCode(200)
  // A JSON string, as Espresso's API answers, so every response body parses as JSON.
  @Header('Content-Type', 'application/json')
  async submit(@Body() body: unknown): Promise<string> {
    const fields = parseObject(body);
    const namespace = fields.namespace;
    if (typeof namespace !== 'number' || !Number.isInteger(namespace) || namespace < 0 || namespace > 0xffffffff) {
      throw new BadRequestError('namespace must be an integer from 0 to 4294967295', { field: 'namespace' });
    }
    const payload = parseBase64(fields.payload, 'payload');
    const outcome = await this.submitPort.submit({ namespace, payload });
    return JSON.stringify(outcome.hash);
  }
}
