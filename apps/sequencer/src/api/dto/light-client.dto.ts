import { ApiProperty } from '@nestjs/swagger';
import { HeaderDto } from './availability.dto';

const HASH = { type: 'string', pattern: '^0x[0-9a-f]{64}$' } as const;

/**
 * A finality certificate as HotShot.sol's `newBlocks` takes it: the header it certifies, the signer bitmap, and the
 * aggregate signature both compressed (96 bytes) and in EIP-2537 encoding (256 bytes, Solady's `BLS.G2Point`).
 */
export class FinalityCertificateDto {
  @ApiProperty({ type: 'integer' })
  height!: number;
  @ApiProperty(HASH)
  headerCommitment!: string;
  @ApiProperty({ type: HeaderDto })
  header!: HeaderDto;
  @ApiProperty({
    ...HASH,
    description: 'keccak256(abi.encode(finality tag, chainId, height, headerCommitment)): what was signed',
  })
  digest!: string;
  @ApiProperty({
    type: 'string',
    description: 'signer bitmap over stake-table order, bit i of byte floor(i/8), LSB first',
  })
  signers!: string;
  @ApiProperty({ type: [Number], description: 'the stake-table indices set in `signers`, ascending' })
  signerIndices!: number[];
  @ApiProperty({ type: 'string', description: '96-byte compressed G2 aggregate signature' })
  signature!: string;
  @ApiProperty({ type: 'string', description: 'the signature as EIP-2537 G2: x.c0, x.c1, y.c0, y.c1, 64 bytes each' })
  signatureEip2537!: string;
}
