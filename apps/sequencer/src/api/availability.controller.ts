import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from './api-errors';
import { blockJson, headerJson, leafJson, namespaceJson, transactionJson } from './api-json';
import { AvailabilityReader, MAX_RANGE } from './availability-reader';
import { ApiErrors } from './dto/common.dto';
import { BlockDto, HeaderDto, LeafDto, NamespaceProofDto, TransactionDto } from './dto/availability.dto';
import { parseHash, parseUnsigned } from './request-parsing';

const MAX_NAMESPACE = 0xffffffff;
const HEIGHT = { name: 'height', type: 'integer', description: 'a decided height' } as const;
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
  @ApiOkResponse({ type: LeafDto })
  @ApiErrors(400, 404, 410)
  async leaf(@Param('height') height: string): Promise<LeafDto> {
    return leafJson(await this.reader.block(parseUnsigned(height, 'height')));
  }

  @Get('leaf/:from/:until')
  @ApiOperation({ summary: 'Decided leaves in [from, until)', description: RANGE_NOTE })
  @ApiParam(FROM)
  @ApiParam(UNTIL)
  @ApiOkResponse({ type: [LeafDto] })
  @ApiErrors(400, 410)
  async leaves(@Param('from') from: string, @Param('until') until: string): Promise<LeafDto[]> {
    return (await this.range(from, until)).map(leafJson);
  }

  @Get('header/:height')
  @ApiOperation({ summary: 'The decided header at a height' })
  @ApiParam(HEIGHT)
  @ApiOkResponse({ type: HeaderDto })
  @ApiErrors(400, 404, 410)
  async header(@Param('height') height: string): Promise<HeaderDto> {
    return headerJson((await this.reader.block(parseUnsigned(height, 'height'))).leaf.header);
  }

  @Get('header/:from/:until')
  @ApiOperation({ summary: 'Decided headers in [from, until)', description: RANGE_NOTE })
  @ApiParam(FROM)
  @ApiParam(UNTIL)
  @ApiOkResponse({ type: [HeaderDto] })
  @ApiErrors(400, 410)
  async headers(@Param('from') from: string, @Param('until') until: string): Promise<HeaderDto[]> {
    return (await this.range(from, until)).map((block) => headerJson(block.leaf.header));
  }

  @Get('block/:height')
  @ApiOperation({ summary: 'The decided block at a height: header, namespace table and transactions' })
  @ApiParam(HEIGHT)
  @ApiOkResponse({ type: BlockDto })
  @ApiErrors(400, 404, 410)
  async block(@Param('height') height: string): Promise<BlockDto> {
    return blockJson(await this.reader.block(parseUnsigned(height, 'height')));
  }

  @Get('block/hash/:hash')
  @ApiOperation({ summary: 'The decided block whose header commitment is `hash`' })
  @ApiParam({ name: 'hash', type: 'string', description: '0x and 64 hex digits' })
  @ApiOkResponse({ type: BlockDto })
  @ApiErrors(400, 404)
  async blockByHash(@Param('hash') hash: string): Promise<BlockDto> {
    const block = await this.reader.store.getBlockByHash(parseHash(hash, 'hash'));
    if (!block) throw new NotFoundError('no decided block has this hash', await this.notFoundDetails({ hash }));
    return blockJson(block);
  }

  @Get('block/:from/:until')
  @ApiOperation({ summary: 'Decided blocks in [from, until)', description: RANGE_NOTE })
  @ApiParam(FROM)
  @ApiParam(UNTIL)
  @ApiOkResponse({ type: [BlockDto] })
  @ApiErrors(400, 410)
  async blocks(@Param('from') from: string, @Param('until') until: string): Promise<BlockDto[]> {
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
  @ApiParam({ name: 'namespace', type: 'integer', description: 'uint32' })
  @ApiOkResponse({ type: NamespaceProofDto })
  @ApiErrors(400, 404, 410)
  async namespace(@Param('height') height: string, @Param('namespace') namespace: string): Promise<NamespaceProofDto> {
    const parsedHeight = parseUnsigned(height, 'height');
    const parsedNamespace = parseUnsigned(namespace, 'namespace', MAX_NAMESPACE);
    return namespaceJson(await this.reader.block(parsedHeight), parsedNamespace);
  }

  @Get('transaction/hash/:hash')
  @ApiOperation({ summary: 'A decided transaction by hash, with its block height and index' })
  @ApiParam({ name: 'hash', type: 'string', description: '0x and 64 hex digits' })
  @ApiOkResponse({ type: TransactionDto })
  @ApiErrors(400, 404)
  async transaction(@Param('hash') hash: string): Promise<TransactionDto> {
    const location = await this.reader.store.getTransaction(parseHash(hash, 'hash'));
    if (!location) {
      throw new NotFoundError('no decided transaction has this hash', await this.notFoundDetails({ hash }));
    }
    return transactionJson(location);
  }

  private async range(from: string, until: string) {
    return this.reader.range(parseUnsigned(from, 'from'), parseUnsigned(until, 'until'));
  }

  /** A hash this node does not know may be pruned: say from which height it keeps data. */
  private async notFoundDetails(details: Record<string, unknown>): Promise<Record<string, unknown>> {
    return { ...details, earliestHeight: (await this.reader.store.earliestHeight()) ?? null };
  }
}
