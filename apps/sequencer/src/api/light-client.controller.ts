import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { bytesToHex, type Hex } from 'viem';
import { toEip2537G2 } from '@hotshot/crypto';
import { finalityDigest, type FinalityCertificate } from '@hotshot/protocol';
import { FinalityCertificateSchema, headerJson, type FinalityCertificateJson } from '@hotshot/sequencer-api';
import { ApiErrors, ApiJsonOk } from './api-docs';
import { NotFoundError } from './api-errors';
import { AvailabilityReader } from './availability-reader';
import { parseUnsigned } from './request-parsing';

/** Signatures whose EIP-2537 form was computed; decoding one costs a subgroup check (about 4 ms). */
const EIP2537_CACHE_ENTRIES = 256;

/** `GET /v0/light-client/*`: finality certificates in the form HotShot.sol's `newBlocks` takes. */
@ApiTags('light-client')
@Controller('v0/light-client')
export class LightClientController {
  private readonly eip2537 = new Map<Hex, Hex>();

  constructor(@Inject(AvailabilityReader) private readonly reader: AvailabilityReader) {}

  @Get('certificate/latest')
  @ApiOperation({ summary: 'The finality certificate of the highest height that has one, with its header' })
  @ApiJsonOk(FinalityCertificateSchema)
  @ApiErrors(400, 404)
  async latest(): Promise<FinalityCertificateJson> {
    const certificate = await this.reader.store.latestFinalityCertificate();
    if (!certificate) throw new NotFoundError('no finality certificate yet');
    return this.certificateJson(certificate);
  }

  @Get('certificate/:height')
  @ApiOperation({ summary: 'The finality certificate of a height, with its header' })
  @ApiParam({ name: 'height', type: 'integer' })
  @ApiJsonOk(FinalityCertificateSchema)
  @ApiErrors(400, 404, 410)
  async atHeight(@Param('height') heightParam: string): Promise<FinalityCertificateJson> {
    const height = parseUnsigned(heightParam, 'height');
    const certificate = await this.reader.store.getFinalityCertificate(height);
    if (!certificate) return this.reader.missing(height, 'finality certificate');
    return this.certificateJson(certificate);
  }

  private async certificateJson(certificate: FinalityCertificate): Promise<FinalityCertificateJson> {
    const header = (await this.reader.block(certificate.height)).leaf.header;
    const signature = bytesToHex(certificate.certificate.signature);
    return {
      height: certificate.height,
      headerCommitment: certificate.headerCommitment,
      header: headerJson(header),
      digest: finalityDigest(header.chainId, certificate.height, certificate.headerCommitment),
      signers: bytesToHex(certificate.certificate.signers),
      signerIndices: signerIndices(certificate.certificate.signers),
      signature,
      signatureEip2537: this.toEip2537(signature, certificate.certificate.signature),
    };
  }

  private toEip2537(key: Hex, signature: Uint8Array): Hex {
    let encoded = this.eip2537.get(key);
    if (encoded === undefined) {
      encoded = toEip2537G2(signature);
      if (this.eip2537.size >= EIP2537_CACHE_ENTRIES) this.eip2537.delete(this.eip2537.keys().next().value!);
      this.eip2537.set(key, encoded);
    }
    return encoded;
  }
}

/** The set bits of a signer bitmap, ascending (bit i of byte floor(i/8), least significant first). */
function signerIndices(bitmap: Uint8Array): number[] {
  const indices: number[] = [];
  bitmap.forEach((byte, i) => {
    for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) indices.push(i * 8 + bit);
  });
  return indices;
}
