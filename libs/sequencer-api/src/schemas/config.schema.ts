import { Type, type Static } from '@sinclair/typebox';
import { ConsensusConfigSchema } from '@hotshot/protocol';
import { HeaderSchema } from './availability.schema';
import { Decimal, Hash, HexBytes, Uint } from './json-types';

/** One stake-table member; certificates' signer bitmaps are over `index`. */
export const StakeTableEntrySchema = Type.Object({
  index: Uint(),
  publicKey: HexBytes(48, { description: '48-byte compressed G1 BLS public key' }),
  publicKeyEip2537: HexBytes(128, {
    description: 'the key as EIP-2537 G1 (x, y, 64 bytes each), Solady BLS.G1Point',
  }),
  stake: Decimal(),
});
export type StakeTableEntryJson = Static<typeof StakeTableEntrySchema>;

/** `/v0/config/hotshot`: the consensus config and the stake table with its thresholds. */
export const HotShotConfigSchema = Type.Object({
  config: ConsensusConfigSchema,
  stakeTable: Type.Array(StakeTableEntrySchema),
  totalStake: Decimal(),
  quorumThreshold: Decimal({ description: 'floor(2S/3)+1' }),
  oneHonestThreshold: Decimal({ description: 'floor(S/3)+1' }),
});
export type HotShotConfigJson = Static<typeof HotShotConfigSchema>;

/**
 * A finality certificate as HotShot.sol's `newBlocks` takes it: the header it certifies, the signer bitmap, and the
 * aggregate signature both compressed (96 bytes) and in EIP-2537 encoding (256 bytes, Solady's `BLS.G2Point`).
 */
export const FinalityCertificateSchema = Type.Object({
  height: Uint(),
  headerCommitment: Hash(),
  header: HeaderSchema,
  digest: Hash({
    description: 'keccak256(abi.encode(finality tag, chainId, height, headerCommitment)): what was signed',
  }),
  signers: HexBytes(undefined, {
    description: 'signer bitmap over stake-table order, bit i of byte floor(i/8), LSB first',
  }),
  signerIndices: Type.Array(Uint(), { description: 'the stake-table indices set in `signers`, ascending' }),
  signature: HexBytes(96, { description: '96-byte compressed G2 aggregate signature' }),
  signatureEip2537: HexBytes(256, {
    description: 'the signature as EIP-2537 G2: x.c0, x.c1, y.c0, y.c1, 64 bytes each',
  }),
});
export type FinalityCertificateJson = Static<typeof FinalityCertificateSchema>;
