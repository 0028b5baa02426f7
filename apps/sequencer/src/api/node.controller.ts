import { Controller, Get, Inject, Param, applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  CountSchema,
  HeaderWindowSchema,
  MAX_NAMESPACE,
  SyncStatusSchema,
  headerJson,
  type HeaderWindowJson,
  type SyncStatusJson,
} from '@hotshot/sequencer-api';
import { ApiErrors, ApiJsonOk } from './api-docs';
import { NODE_STATUS, type NodeStatus } from './api-ports';
import { AvailabilityReader, MAX_RANGE } from './availability-reader';
import { headerWindow, headerWindowFrom, syncStatus, type HeaderWindow } from './node-queries';
import { parseUnsigned } from './request-parsing';

const WINDOW_NOTE =
  `Header timestamps are unix milliseconds (Espresso's are seconds). At most ${MAX_RANGE} headers; \`next\` null ` +
  'means the answer is incomplete. 410 when the window may begin below what this node holds.';

/**
 * Documents a header window route: `first` (where the window starts) and `end` in the path, the window as the
 * answer. Both routes are one query started two ways, so they are described once.
 */
function ApiHeaderWindow(summary: string, first: { name: string; description: string }): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary, description: WINDOW_NOTE }),
    ApiParam({ ...first, type: 'integer' }),
    ApiParam({ name: 'end', type: 'integer', description: 'unix time in ms, excluded' }),
    ApiJsonOk(HeaderWindowSchema),
    ApiErrors(400, 404, 410),
  );
}

/** `GET /v0/node/*`: this node's view of the chain (counts and sync progress), after Espresso's node API. */
@ApiTags('node')
@Controller('v0/node')
export class NodeController {
  constructor(
    @Inject(AvailabilityReader) private readonly reader: AvailabilityReader,
    @Inject(NODE_STATUS) private readonly status: NodeStatus,
  ) {}

  @Get('block-height')
  @ApiOperation({ summary: 'Number of decided blocks this node knows (the height the next block will have)' })
  @ApiJsonOk(CountSchema)
  @ApiErrors(400)
  async blockHeight(): Promise<number> {
    return this.status.blockHeight();
  }

  @Get('transactions/count')
  @ApiOperation({
    summary: 'Decided transactions this node holds',
    description: 'Counts what the node stores: a pruning node leaves out the heights it pruned.',
  })
  @ApiJsonOk(CountSchema)
  @ApiErrors(400)
  async transactionCount(): Promise<number> {
    return this.reader.store.countTransactions();
  }

  @Get('transactions/count/namespace/:namespace')
  @ApiOperation({ summary: 'Decided transactions of one namespace this node holds (as /transactions/count)' })
  @ApiParam({ name: 'namespace', type: 'integer', description: 'uint32' })
  @ApiJsonOk(CountSchema)
  @ApiErrors(400)
  async namespaceTransactionCount(@Param('namespace') namespace: string): Promise<number> {
    return this.reader.store.countTransactions(parseUnsigned(namespace, 'namespace', MAX_NAMESPACE));
  }

  @Get('sync-status')
  @ApiOperation({ summary: 'Payloads and heights this node still lacks, and the height it pruned up to' })
  @ApiJsonOk(SyncStatusSchema)
  @ApiErrors(400)
  async syncStatus(): Promise<SyncStatusJson> {
    return syncStatus(this.reader);
  }

  @Get('header/window/:start/:end')
  @ApiHeaderWindow('Headers whose timestamps fall in [start, end), with the headers just before and after', {
    name: 'start',
    description: 'unix time in ms, included',
  })
  async headerWindow(@Param('start') start: string, @Param('end') end: string): Promise<HeaderWindowJson> {
    return windowJson(await headerWindow(this.reader, parseUnsigned(start, 'start'), parseUnsigned(end, 'end')));
  }

  @Get('header/window/from/:height/:end')
  @ApiHeaderWindow('Headers from a height on whose timestamps are before end: continues an incomplete window', {
    name: 'height',
    description: 'the first height of the window',
  })
  async headerWindowFrom(@Param('height') height: string, @Param('end') end: string): Promise<HeaderWindowJson> {
    const from = parseUnsigned(height, 'height');
    return windowJson(await headerWindowFrom(this.reader, from, parseUnsigned(end, 'end')));
  }
}

function windowJson({ window, prev, next }: HeaderWindow): HeaderWindowJson {
  return {
    window: window.map(headerJson),
    prev: prev ? headerJson(prev) : null,
    next: next ? headerJson(next) : null,
  };
}
