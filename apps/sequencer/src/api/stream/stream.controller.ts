import { Controller, Get, Req, applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  BlockSchema,
  HeaderSchema,
  LeafSchema,
  NamespaceProofSchema,
  TransactionsAtHeightSchema,
} from '@hotshot/sequencer-api';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
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

/** One stream route's own words; the protocol, `from`, the 101 answer and the refusals are common to all. */
interface StreamRoute {
  /** What it streams, e.g. "Stream of decided headers". */
  readonly summary: string;
  /** The messages, after the protocol text. */
  readonly description: string;
  /** The name of the message schema, for the 101 answer. */
  readonly messages: string;
  readonly schema: SchemaObject;
  /** Where a namespace filter goes, if the route takes one. */
  readonly namespace?: 'path' | 'query';
}

/** Documents a WebSocket stream route in the OpenAPI. */
function ApiStream(route: StreamRoute): MethodDecorator {
  const namespace =
    route.namespace === 'path'
      ? [ApiParam(NAMESPACE)]
      : route.namespace === 'query'
        ? [ApiQuery({ ...NAMESPACE, required: false })]
        : [];
  // In the order a stack of decorators runs (bottom up), which keeps the order of parameters and answers the document had.
  return applyDecorators(
    ApiErrors(400, 410, 426, 429, 503),
    ApiResponse({
      status: 101,
      description: `switching to WebSocket; messages are ${route.messages}`,
      schema: route.schema,
    }),
    ...namespace,
    ApiParam(FROM),
    ApiOperation({ summary: `${route.summary} (WebSocket)`, description: `${PROTOCOL} ${route.description}` }),
  );
}

/**
 * Documents the WebSocket streams in the OpenAPI and answers a plain GET on them with 426 (after validating the
 * request, so a client learns of a bad parameter either way). The streams themselves are BlockStreamServer's.
 */
@ApiTags('streams')
@Controller('v0/availability/stream')
export class StreamController {
  @Get('blocks/:from')
  @ApiStream({
    summary: 'Stream of decided blocks',
    description:
      "Each message is a Block; with `namespace`, a NamespaceProof (that namespace's transactions with the table and header proving them, or their absence), still one per height.",
    messages: 'Block, or NamespaceProof with `namespace`',
    schema: { oneOf: [docSchema(BlockSchema), docSchema(NamespaceProofSchema)] },
    namespace: 'query',
  })
  blocks(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  @Get('blocks/:from/namespace/:namespace')
  @ApiStream({
    summary: "Stream of one namespace's transactions in each decided block, with their proof",
    description: 'Each message is a NamespaceProof, one per height (the same as `?namespace=`).',
    messages: 'NamespaceProof',
    schema: docSchema(NamespaceProofSchema),
    namespace: 'path',
  })
  namespaceBlocks(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  @Get('transactions/:from')
  @ApiStream({
    summary: 'Stream of decided transactions, one message per height',
    description:
      "Each message is a TransactionsAtHeight: the height's transactions in block order, each with its index, and " +
      'an empty list for a height without any, so a client resumes exactly by height.',
    messages: 'TransactionsAtHeight',
    schema: docSchema(TransactionsAtHeightSchema),
    namespace: 'query',
  })
  transactions(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  @Get('transactions/:from/namespace/:namespace')
  @ApiStream({
    summary: "Stream of one namespace's decided transactions, one message per height",
    description: "Each message is a TransactionsAtHeight holding only that namespace's transactions.",
    messages: 'TransactionsAtHeight',
    schema: docSchema(TransactionsAtHeightSchema),
    namespace: 'path',
  })
  namespaceTransactions(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  @Get('headers/:from')
  @ApiStream({
    summary: 'Stream of decided headers',
    description: 'Each message is a Header.',
    messages: 'Header',
    schema: docSchema(HeaderSchema),
  })
  headers(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  @Get('leaves/:from')
  @ApiStream({
    summary: 'Stream of decided leaves',
    description: 'Each message is a Leaf.',
    messages: 'Leaf',
    schema: docSchema(LeafSchema),
  })
  leaves(@Req() req: FastifyRequest): never {
    return this.refusePlainHttp(req);
  }

  private refusePlainHttp(req: FastifyRequest): never {
    parseStreamRequest(req.url);
    throw new UpgradeRequiredError(req.url.split('?')[0]!);
  }
}
