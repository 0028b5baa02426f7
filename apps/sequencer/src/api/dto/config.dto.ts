import { ApiProperty } from '@nestjs/swagger';

/** The consensus parameters every node of the network shares. */
export class ConsensusConfigDto {
  @ApiProperty({ type: 'string', description: 'uint64 as a decimal string' })
  chainId!: string;
  @ApiProperty({ type: 'integer' })
  viewTimeoutMs!: number;
  @ApiProperty({ type: 'number' })
  timeoutRatio!: number;
  @ApiProperty({ type: 'integer', description: '0 means every node' })
  daCommitteeSize!: number;
  @ApiProperty({ type: 'integer' })
  maxTxBytes!: number;
  @ApiProperty({ type: 'integer' })
  maxBlockBytes!: number;
  @ApiProperty({ type: 'integer' })
  maxBlockTxs!: number;
  @ApiProperty({ type: 'integer' })
  startDelayMs!: number;
}

/** One stake-table member; certificates' signer bitmaps are over `index`. */
export class StakeTableEntryDto {
  @ApiProperty({ type: 'integer' })
  index!: number;
  @ApiProperty({ type: 'string', description: '48-byte compressed G1 BLS public key' })
  publicKey!: string;
  @ApiProperty({ type: 'string', description: 'the key as EIP-2537 G1 (x, y, 64 bytes each), Solady BLS.G1Point' })
  publicKeyEip2537!: string;
  @ApiProperty({ type: 'string', description: 'decimal string' })
  stake!: string;
}

/** `/v0/config/hotshot`: the consensus config and the stake table with its thresholds. */
export class HotShotConfigDto {
  @ApiProperty({ type: ConsensusConfigDto })
  config!: ConsensusConfigDto;
  @ApiProperty({ type: [StakeTableEntryDto] })
  stakeTable!: StakeTableEntryDto[];
  @ApiProperty({ type: 'string' })
  totalStake!: string;
  @ApiProperty({ type: 'string', description: 'floor(2S/3)+1' })
  quorumThreshold!: string;
  @ApiProperty({ type: 'string', description: 'floor(S/3)+1' })
  oneHonestThreshold!: string;
}
