import { Controller, Get, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  BlockSchema,
  HeaderSchema,
  LeafSchema,
  NamespaceProofSchema,
  TransactionsAtHeightSchema,
} from '@hotshot/sequencer-api';
import { ApiErrors, docSchema } from '../api-docs';
import { UpgradeRequiredError } from '../api-errors';
import { parseStreamRequest } from './stream-request';

const FROM = { name: 'from', type: 'integer', description: 'first height to send; 0 is genesis' } as const;
const NAMESPACE = { name: 'namespace', type: 'integer', description: 'uint32: only this namespace' } as const;
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
@Controller('v0/availability/stream')
export class StreamController {
  @Get('blocks/:from')
  @ApiOperation({
    summary: 'Stream of decided blocks (WebSocket)',
    description: `${PROTOCOL} Each message is a Block; with \`namespace\`, a NamespaceProof (that namespace's transactions with the table and header proving them, or their absence), still one per height.`,
  })
  @ApiParam(FROM)
  @ApiQuery({ ...NAMESPACE, required: false })
  @ApiResponse({
    status: 101,
    description: 'switching to WebSocket; messages are Block, or NamespaceProof with `namespace`',
    schema: { oneOf: [docSchema(BlockSchema), docSchema(NamespaceProofSchema)] },
  })
  @ApiErrors(400, 410, 426, 429, 503)
  blocks(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  @Get('blocks/:from/namespace/:namespace')
  @ApiOperation({
    summary: "Stream of one namespace's transactions in each decided block, with their proof (WebSocket)",
    description: `${PROTOCOL} Each message is a NamespaceProof, one per height (the same as \`?namespace=\`).`,
  })
  @ApiParam(FROM)
  @ApiParam(NAMESPACE)
  @ApiResponse({
    status: 101,
    description: 'switching to WebSocket; messages are NamespaceProof',
    schema: docSchema(NamespaceProofSchema),
  })
  @ApiErrors(400, 410, 426, 429, 503)
  namespaceBlocks(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  @Get('transactions/:from')
  @ApiOperation({
    summary: 'Stream of decided transactions, one message per height (WebSocket)',
    description:
      `${PROTOCOL} Each message is a TransactionsAtHeight: the height's transactions in block order, each with ` +
      'its index, and an empty list for a height without any, so a client resumes exactly by height.',
  })
  @ApiParam(FROM)
  @ApiQuery({ ...NAMESPACE, required: false })
  @ApiResponse({
    status: 101,
    description: 'switching to WebSocket; messages are TransactionsAtHeight',
    schema: docSchema(TransactionsAtHeightSchema),
  })
  @ApiErrors(400, 410, 426, 429, 503)
  transactions(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  @Get('transactions/:from/namespace/:namespace')
  @ApiOperation({
    summary: "Stream of one namespace's decided transactions, one message per height (WebSocket)",
    description: `${PROTOCOL} Each message is a TransactionsAtHeight holding only that namespace's transactions.`,
  })
  @ApiParam(FROM)
  @ApiParam(NAMESPACE)
  @ApiResponse({
    status: 101,
    description: 'switching to WebSocket; messages are TransactionsAtHeight',
    schema: docSchema(TransactionsAtHeightSchema),
  })
  @ApiErrors(400, 410, 426, 429, 503)
  namespaceTransactions(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  @Get('headers/:from')
  @ApiOperation({
    summary: 'Stream of decided headers (WebSocket)',
    description: `${PROTOCOL} Each message is a Header.`,
  })
  @ApiParam(FROM)
  @ApiResponse({
    status: 101,
    description: 'switching to WebSocket; messages are Header',
    schema: docSchema(HeaderSchema),
  })
  @ApiErrors(400, 410, 426, 429, 503)
  headers(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  @Get('leaves/:from')
  @ApiOperation({
    summary: 'Stream of decided leaves (WebSocket)',
    description: `${PROTOCOL} Each message is a Leaf.`,
  })
  @ApiParam(FROM)
  @ApiResponse({ status: 101, description: 'switching to WebSocket; messages are Leaf', schema: docSchema(LeafSchema) })
  @ApiErrors(400, 410, 426, 429, 503)
  leaves(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  private refusePlainHttp(req: FastifyRequest): never {
    parseStreamRequest(req.url);
    throw new UpgradeRequiredError(req.url.split('?')[0]!);
  }
}
