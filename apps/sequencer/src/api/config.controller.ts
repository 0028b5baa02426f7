import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { bytesToHex } from 'viem';
import { toEip2537G1 } from '@hotshot/crypto';
import { consensusConfigToJson, oneHonestThreshold, quorumThreshold, totalStake } from '@hotshot/protocol';
import { HotShotConfigSchema, type HotShotConfigJson } from '@hotshot/sequencer-api';
import { ApiErrors, ApiJsonOk } from './api-docs';
import { NotReadyError } from './api-errors';
import { HOTSHOT_CONFIG, type HotShotConfig, type HotShotConfigSource } from './api-ports';

/** `GET /v0/config/hotshot`: the consensus config and stake table the network runs with. */
@ApiTags('config')
@Controller('v0/config')
export class ConfigController {
  // The answer only changes with the config object; converting keys to EIP-2537 costs a subgroup check each.
  private readonly rendered = new WeakMap<HotShotConfig, HotShotConfigJson>();

  constructor(@Inject(HOTSHOT_CONFIG) private readonly source: HotShotConfigSource) {}

  @Get('hotshot')
  @ApiOperation({ summary: 'The consensus config and the stake table (keys as hex, stakes as decimal strings)' })
  @ApiJsonOk(HotShotConfigSchema)
  @ApiErrors(400, 503)
  hotshot(): HotShotConfigJson {
    const current = this.source.current();
    if (!current) throw new NotReadyError('this node has not received the network config yet');
    let dto = this.rendered.get(current);
    if (!dto) {
      dto = hotShotConfigJson(current);
      this.rendered.set(current, dto);
    }
    return dto;
  }
}

/** The JSON form of the network's parameters. */
export function hotShotConfigJson({ config, stakeTable }: HotShotConfig): HotShotConfigJson {
  const total = totalStake(stakeTable);
  return {
    config: consensusConfigToJson(config),
    stakeTable: stakeTable.map((entry, index) => ({
      index,
      publicKey: bytesToHex(entry.publicKey),
      publicKeyEip2537: toEip2537G1(entry.publicKey),
      stake: entry.stake.toString(),
    })),
    totalStake: total.toString(),
    quorumThreshold: quorumThreshold(total).toString(),
    oneHonestThreshold: oneHonestThreshold(total).toString(),
  };
}
