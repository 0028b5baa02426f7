import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Type } from '@sinclair/typebox';
import {
  BlockSchema,
  BlockSummarySchema,
  HeaderSchema,
  LeafSchema,
  LimitsSchema,
  MAX_NAMESPACE,
  NamespaceProofSchema,
  PayloadSchema,
  TransactionSchema,
  blockJson,
  blockSummaryJson,
  headerJson,
  leafJson,
  namespaceJson,
  payloadJson,
  transactionJson,
  type BlockJson,
  type BlockSummaryJson,
  type HeaderJson,
  type LeafJson,
  type LimitsJson,
  type NamespaceProofJson,
  type PayloadJson,
  type TransactionJson,
} from '@hotshot/sequencer-api';
import { ApiErrors, ApiJsonOk } from './api-docs';
import { NotFoundError } from './api-errors';
import { AvailabilityReader, MAX_RANGE } from './availability-reader';
import { parseHash, parseUnsigned } from './request-parsing';

const HEIGHT = { name: 'height', type: 'integer', description: 'a decided height; 0 is genesis' } as const;
const HASH = { name: 'hash', type: 'string', description: '0x and 64 hex digits' } as const;
const NAMESPACE = { name: 'namespace', type: 'integer', description: 'uint32' } as const;
const FROM = { name: 'from', type: 'integer', description: 'first height, included' } as const;
const UNTIL = {
  name: 'until',
  type: 'integer',
  description: `height after the last, excluded; until - from <= ${MAX_RANGE}`,
} as const;
const RANGE_NOTE = `At most ${MAX_RANGE} heights; a range reaching past the latest decided height comes back short.`;

/** `GET /v0/availability/*`: decided leaves, headers, blocks, namespaces and transactions. */
@ApiTags('availability')
@Controller('v0/availability')
export class AvailabilityController {
  constructor(@Inject(AvailabilityReader) private readonly reader: AvailabilityReader) {}

  @Get('leaf/:height')
  @ApiOperation({ summary: 'The decided leaf at a height' })
  @ApiParam(HEIGHT)
  @ApiJsonOk(LeafSchema)
  @ApiErrors(400, 404, 410)
  async leaf(@Param('height') height: string): Promise<LeafJson> {
    return leafJson(await this.reader.block(parseUnsigned(height, 'height')));
  }

  @Get('leaf/hash/:hash')
  @ApiOperation({ summary: 'The decided leaf whose leaf commitment is `hash`' })
  @ApiParam(HASH)
  @ApiJsonOk(LeafSchema)
  @ApiErrors(400, 404)
  async leafByHash(@Param('hash') hash: string): Promise<LeafJson> {
    return leafJson(await this.reader.blockByLeafHash(parseHash(hash, 'hash')));
  }

  @Get('leaf/:from/:until')
  @ApiOperation({ summary: 'Decided leaves in [from, until)', description: RANGE_NOTE })
  @ApiParam(FROM)
  @ApiParam(UNTIL)
  @ApiJsonOk(Type.Array(LeafSchema))
  @ApiErrors(400, 410)
  async leaves(@Param('from') from: string, @Param('until') until: string): Promise<LeafJson[]> {
    return (await this.range(from, until)).map(leafJson);
  }

  @Get('header/:height')
  @ApiOperation({ summary: 'The decided header at a height' })
  @ApiParam(HEIGHT)
  @ApiJsonOk(HeaderSchema)
  @ApiErrors(400, 404, 410)
  async header(@Param('height') height: string): Promise<HeaderJson> {
    return headerJson((await this.reader.block(parseUnsigned(height, 'height'))).leaf.header);
  }

  @Get('header/hash/:hash')
  @ApiOperation({ summary: 'The decided header whose commitment is `hash`' })
  @ApiParam(HASH)
  @ApiJsonOk(HeaderSchema)
  @ApiErrors(400, 404)
  async headerByHash(@Param('hash') hash: string): Promise<HeaderJson> {
    return headerJson((await this.reader.blockByHash(parseHash(hash, 'hash'))).leaf.header);
  }

  @Get('header/:from/:until')
  @ApiOperation({ summary: 'Decided headers in [from, until)', description: RANGE_NOTE })
  @ApiParam(FROM)
  @ApiParam(UNTIL)
  @ApiJsonOk(Type.Array(HeaderSchema))
  @ApiErrors(400, 410)
  async headers(@Param('from') from: string, @Param('until') until: string): Promise<HeaderJson[]> {
    return (await this.range(from, until)).map((block) => headerJson(block.leaf.header));
  }

  @Get('block/:height')
  @ApiOperation({ summary: 'The decided block at a height: header, namespace table and transactions' })
  @ApiParam(HEIGHT)
  @ApiJsonOk(BlockSchema)
  @ApiErrors(400, 404, 410)
  async block(@Param('height') height: string): Promise<BlockJson> {
    return blockJson(await this.reader.block(parseUnsigned(height, 'height')));
  }

  @Get('block/hash/:hash')
  @ApiOperation({ summary: 'The decided block whose header commitment is `hash`' })
  @ApiParam(HASH)
  @ApiJsonOk(BlockSchema)
  @ApiErrors(400, 404)
  async blockByHash(@Param('hash') hash: string): Promise<BlockJson> {
    return blockJson(await this.reader.blockByHash(parseHash(hash, 'hash')));
  }

  @Get('block/summaries/:from/:until')
  @ApiOperation({
    summary: 'Summaries of decided blocks in [from, until): header, size, transaction count, namespace table',
    description: RANGE_NOTE,
  })
  @ApiParam(FROM)
  @ApiParam(UNTIL)
  @ApiJsonOk(Type.Array(BlockSummarySchema))
  @ApiErrors(400, 410)
  async blockSummaries(@Param('from') from: string, @Param('until') until: string): Promise<BlockSummaryJson[]> {
    return (await this.range(from, until)).map(blockSummaryJson);
  }

  @Get('block/:from/:until')
  @ApiOperation({ summary: 'Decided blocks in [from, until)', description: RANGE_NOTE })
  @ApiParam(FROM)
  @ApiParam(UNTIL)
  @ApiJsonOk(Type.Array(BlockSchema))
  @ApiErrors(400, 410)
  async blocks(@Param('from') from: string, @Param('until') until: string): Promise<BlockJson[]> {
    return (await this.range(from, until)).map(blockJson);
  }

  @Get('block/:height/namespace/:namespace')
  @ApiOperation({
    summary: "One namespace's transactions in a block, with the namespace table and header that prove them",
    description:
      'Verify with verifyNamespaceProof: the table hashes to header.payloadCommitment; a present namespace has its ' +
      'payload hash to its table row; an absent one is proven absent by the sorted table not listing it.',
  })
  @ApiParam(HEIGHT)
  @ApiParam(NAMESPACE)
  @ApiJsonOk(NamespaceProofSchema)
  @ApiErrors(400, 404, 410)
  async namespace(@Param('height') height: string, @Param('namespace') namespace: string): Promise<NamespaceProofJson> {
    const parsedHeight = parseUnsigned(height, 'height');
    const parsedNamespace = parseUnsigned(namespace, 'namespace', MAX_NAMESPACE);
    return namespaceJson(await this.reader.block(parsedHeight), parsedNamespace);
  }

  @Get('block/:from/:until/namespace/:namespace')
  @ApiOperation({
    summary: "One namespace's transactions in each block of [from, until), each with its proof",
    description: `${RANGE_NOTE} Each element is what /block/{height}/namespace/{namespace} answers for its height.`,
  })
  @ApiParam(FROM)
  @ApiParam(UNTIL)
  @ApiParam(NAMESPACE)
  @ApiJsonOk(Type.Array(NamespaceProofSchema))
  @ApiErrors(400, 410)
  async namespaceRange(
    @Param('from') from: string,
    @Param('until') until: string,
    @Param('namespace') namespace: string,
  ): Promise<NamespaceProofJson[]> {
    const parsedNamespace = parseUnsigned(namespace, 'namespace', MAX_NAMESPACE);
    return (await this.range(from, until)).map((block) => namespaceJson(block, parsedNamespace));
  }

  @Get('payload/:height')
  @ApiOperation({
    summary: "A decided block's payload: the namespace table and each namespace's payload, as committed",
    description: '404 also while this node has the header at this height but has not fetched the payload yet.',
  })
  @ApiParam(HEIGHT)
  @ApiJsonOk(PayloadSchema)
  @ApiErrors(400, 404, 410)
  async payload(@Param('height') height: string): Promise<PayloadJson> {
    const block = await this.reader.block(parseUnsigned(height, 'height'));
    if (!block.payload) {
      throw new NotFoundError('this node has the header at this height but not yet its payload', {
        height: block.leaf.header.height,
      });
    }
    return payloadJson(block, block.payload);
  }

  @Get('transaction/hash/:hash')
  @ApiOperation({ summary: 'A decided transaction by hash, with its block height and index' })
  @ApiParam(HASH)
  @ApiJsonOk(TransactionSchema)
  @ApiErrors(400, 404)
  async transaction(@Param('hash') hash: string): Promise<TransactionJson> {
    return transactionJson(await this.reader.transactionByHash(parseHash(hash, 'hash')));
  }

  @Get('transaction/:height/:index')
  @ApiOperation({ summary: 'The decided transaction at a position in block order' })
  @ApiParam(HEIGHT)
  @ApiParam({ name: 'index', type: 'integer', description: '0-based position in block order' })
  @ApiJsonOk(TransactionSchema)
  @ApiErrors(400, 404, 410)
  async transactionAt(@Param('height') height: string, @Param('index') index: string): Promise<TransactionJson> {
    const parsedHeight = parseUnsigned(height, 'height');
    return transactionJson(await this.reader.transactionAt(parsedHeight, parseUnsigned(index, 'index')));
  }

  @Get('limits')
  @ApiOperation({ summary: 'The most heights one range request may span' })
  @ApiJsonOk(LimitsSchema)
  @ApiErrors(400)
  limits(): LimitsJson {
    return { smallObjectRangeLimit: MAX_RANGE, largeObjectRangeLimit: MAX_RANGE };
  }

  private async range(from: string, until: string) {
    return this.reader.range(parseUnsigned(from, 'from'), parseUnsigned(until, 'until'));
  }
}
