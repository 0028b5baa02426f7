import { Controller, Get, Req } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UpgradeRequiredError } from '../api-errors';
import { ApiErrors, ErrorDto } from '../dto/common.dto';
import { BlockDto, HeaderDto, LeafDto, NamespaceProofDto } from '../dto/availability.dto';
import { parseStreamRequest } from './stream-request';

const FROM = { name: 'from', type: 'integer', description: 'first height to send' } as const;
const PROTOCOL =
  'WebSocket (send `Upgrade: websocket`). The server sends one JSON text message per height, from `from` on, in ' +
  'height order without gaps or repeats: stored history first, then live decides. To resume after a disconnect, ' +
  'reconnect with `from` = the last height received + 1. A client that stops reading is disconnected once its ' +
  'unsent data passes a bound (8 MiB by default): close code 1008, reason "slow consumer". A stream that cannot ' +
  'continue sends one last message `{ "error", "message", "details" }` and closes: code 4410 when the node pruned ' +
  'the next height (the message names the earliest available one), 1011 on an internal error, 1001 on shutdown. ' +
  "Refused handshakes get the API's JSON error with status 400, 404, 410 (`from` pruned), 429 (this client " +
  'address holds its whole share of streams, 32 by default) or 503 (the node holds its most streams).';

/**
 * Documents the WebSocket streams in the OpenAPI and answers a plain GET on them with 426 (after validating the
 * request, so a client learns of a bad parameter either way). The streams themselves are BlockStreamServer's.
 */
@ApiTags('streams')
@ApiExtraModels(BlockDto, NamespaceProofDto, HeaderDto, LeafDto, ErrorDto)
@Controller('v0/availability/stream')
export class StreamController {
  @Get('blocks/:from')
  @ApiOperation({
    summary: 'Stream of decided blocks (WebSocket)',
    description: `${PROTOCOL} Each message is a BlockDto; with \`namespace\`, a NamespaceProofDto (that namespace's transactions with the table and header proving them, or their absence), still one per height.`,
  })
  @ApiParam(FROM)
  @ApiQuery({ name: 'namespace', required: false, type: 'integer', description: 'uint32: only this namespace' })
  @ApiResponse({
    status: 101,
    description: 'switching to WebSocket; messages are BlockDto, or NamespaceProofDto with `namespace`',
    schema: { oneOf: [{ $ref: getSchemaPath(BlockDto) }, { $ref: getSchemaPath(NamespaceProofDto) }] },
  })
  @ApiErrors(400, 410, 426, 429, 503)
  blocks(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  @Get('headers/:from')
  @ApiOperation({
    summary: 'Stream of decided headers (WebSocket)',
    description: `${PROTOCOL} Each message is a HeaderDto.`,
  })
  @ApiParam(FROM)
  @ApiResponse({ status: 101, description: 'switching to WebSocket; messages are HeaderDto', type: HeaderDto })
  @ApiErrors(400, 410, 426, 429, 503)
  headers(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  @Get('leaves/:from')
  @ApiOperation({
    summary: 'Stream of decided leaves (WebSocket)',
    description: `${PROTOCOL} Each message is a LeafDto.`,
  })
  @ApiParam(FROM)
  @ApiResponse({ status: 101, description: 'switching to WebSocket; messages are LeafDto', type: LeafDto })
  @ApiErrors(400, 410, 426, 429, 503)
  leaves(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  private refusePlainHttp(req: FastifyRequest): never {
    parseStreamRequest(req.url);
    throw new UpgradeRequiredError(req.url.split('?')[0]!);
  }
}
