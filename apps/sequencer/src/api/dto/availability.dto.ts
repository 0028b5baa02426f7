import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const HASH = { type: 'string', pattern: '^0x[0-9a-f]{64}$', example: `0x${'ab'.repeat(32)}` } as const;
const HEX = { type: 'string', pattern: '^0x([0-9a-f]{2})*$' } as const;
const BASE64 = { type: 'string', format: 'byte', description: 'standard base64' } as const;

/** A block header; uint64 fields are JSON numbers except chainId (decimal string). */
export class HeaderDto {
  @ApiProperty({ type: 'string', example: '35353', description: 'uint64 as a decimal string' })
  chainId!: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  height!: number;
  @ApiProperty({ type: 'integer', description: 'unix time in milliseconds' })
  timestamp!: number;
  @ApiProperty({ type: 'integer', description: 'the L1 block number the leader last saw' })
  l1Head!: number;
  @ApiProperty(HASH)
  parentCommitment!: string;
  @ApiProperty({ ...HASH, description: 'keccak256(abi.encode(NamespaceEntry[]))' })
  payloadCommitment!: string;
  @ApiProperty({ type: 'integer', description: 'total bytes of the namespace payloads' })
  payloadSize!: number;
}

/** A signer bitmap with its aggregate signature. */
export class CertificateDto {
  @ApiProperty({ ...HEX, description: 'bit i of byte floor(i/8), least significant first, over stake-table order' })
  signers!: string;
  @ApiProperty({ ...HEX, description: '96-byte compressed G2 aggregate signature' })
  signature!: string;
}

/** A quorum certificate. */
export class QuorumCertificateDto {
  @ApiProperty({ type: 'integer' })
  view!: number;
  @ApiProperty(HASH)
  leafCommitment!: string;
  @ApiProperty({ type: CertificateDto })
  certificate!: CertificateDto;
}

/** A decided leaf. */
export class LeafDto {
  @ApiProperty({ type: 'integer' })
  height!: number;
  @ApiProperty({ type: 'integer' })
  view!: number;
  @ApiProperty(HASH)
  leafCommitment!: string;
  @ApiProperty(HASH)
  headerCommitment!: string;
  @ApiProperty({ type: HeaderDto })
  header!: HeaderDto;
  @ApiProperty(HASH)
  parentLeafCommitment!: string;
  @ApiProperty({ type: QuorumCertificateDto })
  justifyQc!: QuorumCertificateDto;
  @ApiPropertyOptional({ type: QuorumCertificateDto, description: 'the certificate that decided this leaf' })
  decidingQc?: QuorumCertificateDto;
}

/** One row of a namespace table. */
export class NamespaceEntryDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 0xffffffff })
  namespace!: number;
  @ApiProperty({ type: 'integer' })
  txCount!: number;
  @ApiProperty({ ...HASH, description: 'keccak256 of the namespace payload' })
  payloadHash!: string;
}

/** A transaction inside a block. */
export class BlockTransactionDto {
  @ApiProperty({ ...HASH, description: 'keccak256(abi.encodePacked(uint32 namespace, payload))' })
  hash!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 0xffffffff })
  namespace!: number;
  @ApiProperty(BASE64)
  payload!: string;
}

/** A decided block: header, namespace table and transactions in block order. */
export class BlockDto {
  @ApiProperty({ type: 'integer' })
  height!: number;
  @ApiProperty({ ...HASH, description: 'the header commitment' })
  hash!: string;
  @ApiProperty({ type: HeaderDto })
  header!: HeaderDto;
  @ApiProperty({ type: 'boolean', description: 'false while this node has the header but not yet the payload' })
  available!: boolean;
  @ApiProperty({ type: [NamespaceEntryDto], nullable: true })
  namespaceTable!: NamespaceEntryDto[] | null;
  @ApiProperty({ type: [BlockTransactionDto], nullable: true })
  transactions!: BlockTransactionDto[] | null;
}

/** A decided transaction and where it sits. */
export class TransactionDto {
  @ApiProperty(HASH)
  hash!: string;
  @ApiProperty({ type: 'integer' })
  height!: number;
  @ApiProperty({ type: 'integer', description: 'position in block order' })
  index!: number;
  @ApiProperty({ type: 'integer' })
  namespace!: number;
  @ApiProperty(BASE64)
  payload!: string;
}

/**
 * One namespace of one block with its proof: `namespaceTable` hashes to `header.payloadCommitment`; when the
 * namespace is present, `namespacePayload` hashes to `namespaceTable[index].payloadHash` and decodes to
 * `transactions`; when absent, the sorted table not listing it proves there are none.
 */
export class NamespaceProofDto {
  @ApiProperty({ type: 'integer' })
  height!: number;
  @ApiProperty({ type: 'integer' })
  namespace!: number;
  @ApiProperty({ ...HASH, description: 'commitment of `header`' })
  headerCommitment!: string;
  @ApiProperty({ type: HeaderDto })
  header!: HeaderDto;
  @ApiProperty({
    type: 'boolean',
    description: 'false (and the proof fields null) while this node has the header but not the payload',
  })
  available!: boolean;
  @ApiProperty({ type: [NamespaceEntryDto], nullable: true })
  namespaceTable!: NamespaceEntryDto[] | null;
  @ApiProperty({ type: 'integer', nullable: true, description: "the namespace's row in the table; null if absent" })
  index!: number | null;
  @ApiProperty({ ...BASE64, nullable: true, description: 'uint32 count, count x uint32 length, the bytes' })
  namespacePayload!: string | null;
  @ApiProperty({ type: [BlockTransactionDto], nullable: true })
  transactions!: BlockTransactionDto[] | null;
}
