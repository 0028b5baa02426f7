import { Controller, Get, Inject, Param } from '@nestjs/common';
import type { AvailabilityStore, DecidedBlock } from '@hotshot/storage';
import { NotFoundError } from './api-errors';
import { blockJson, headerJson, leafJson, transactionJson } from './api-json';
import { AVAILABILITY_STORE } from './api-ports';
import { parseHash, parseUnsigned } from './request-parsing';

/** `GET /v0/availability/*`: decided leaves, headers, blocks and transactions. */
@Controller('v0/availability')
export class AvailabilityController {
  constructor(@Inject(AVAILABILITY_STORE) private readonly store: AvailabilityStore) {}

  @Get('leaf/:height')
  async leaf(@Param('height') height: string) {
    return leafJson(await this.blockAt(height));
  }

  @Get('header/:height')
  async header(@Param('height') height: string) {
    return headerJson((await this.blockAt(height)).leaf.header);
  }

  @Get('block/:height')
  async block(@Param('height') height: string) {
    return blockJson(await this.blockAt(height));
  }

  @Get('block/hash/:hash')
  async blockByHash(@Param('hash') hash: string) {
    const block = await this.store.getBlockByHash(parseHash(hash, 'hash'));
    if (!block) throw new NotFoundError('no decided block has this hash', { hash });
    return blockJson(block);
  }

  @Get('transaction/hash/:hash')
  async transaction(@Param('hash') hash: string) {
    const location = await this.store.getTransaction(parseHash(hash, 'hash'));
    if (!location) throw new NotFoundError('no decided transaction has this hash', { hash });
    return transactionJson(location);
  }

  private async blockAt(heightParam: string): Promise<DecidedBlock> {
    const height = parseUnsigned(heightParam, 'height');
    const block = await this.store.getBlock(height);
    if (!block) {
      const latest = await this.store.latestHeight();
      throw new NotFoundError('no decided block at this height yet', { height, latestHeight: latest ?? null });
    }
    return block;
  }
}
