import { Type, type Static } from '@sinclair/typebox';
import { Base64, Decimal, Hash, HexBytes, Namespace, Nullable, Uint } from './json-types';

/** A block header; uint64 fields are JSON numbers except chainId (a decimal string). */
export const HeaderSchema = Type.Object(
  {
    chainId: Decimal({ example: '35353', description: 'uint64 as a decimal string' }),
    height: Uint(),
    timestamp: Uint({ description: 'unix time in milliseconds' }),
    l1Head: Uint({ description: 'the L1 block number the leader last saw' }),
    parentCommitment: Hash(),
    payloadCommitment: Hash({ description: 'keccak256(abi.encode(NamespaceEntry[]))' }),
    payloadSize: Uint({ description: 'total bytes of the namespace payloads' }),
  },
  { description: 'A block header' },
);
export type HeaderJson = Static<typeof HeaderSchema>;

/** A signer bitmap with its aggregate signature. */
export const CertificateSchema = Type.Object({
  signers: HexBytes(undefined, {
    description: 'bit i of byte floor(i/8), least significant first, over stake-table order',
  }),
  // The implicit genesis certificate (view 0, justifying the leaf at height 1 and the genesis leaf) has no signers
  // and an empty signature: '0x'.
  signature: Type.Union([HexBytes(96), HexBytes(0)], {
    description: "96-byte compressed G2 aggregate signature; '0x' in the implicit genesis certificate",
  }),
});
export type CertificateJson = Static<typeof CertificateSchema>;

/** A quorum certificate. */
export const QuorumCertificateSchema = Type.Object({
  view: Uint(),
  leafCommitment: Hash(),
  certificate: CertificateSchema,
});
export type QuorumCertificateJson = Static<typeof QuorumCertificateSchema>;

/** A decided leaf. */
export const LeafSchema = Type.Object({
  height: Uint(),
  view: Uint(),
  leafCommitment: Hash(),
  headerCommitment: Hash(),
  header: HeaderSchema,
  parentLeafCommitment: Hash(),
  justifyQc: QuorumCertificateSchema,
  decidingQc: Type.Optional({ ...QuorumCertificateSchema, description: 'the certificate that decided this leaf' }),
});
export type LeafJson = Static<typeof LeafSchema>;

/** One row of a namespace table. */
export const NamespaceEntrySchema = Type.Object({
  namespace: Namespace(),
  txCount: Uint(),
  payloadHash: Hash({ description: 'keccak256 of the namespace payload' }),
});
export type NamespaceEntryJson = Static<typeof NamespaceEntrySchema>;

/** A transaction inside a block. */
export const BlockTransactionSchema = Type.Object({
  hash: Hash({ description: 'keccak256(abi.encodePacked(uint32 namespace, payload))' }),
  namespace: Namespace(),
  payload: Base64(),
});
export type BlockTransactionJson = Static<typeof BlockTransactionSchema>;

const AVAILABLE = 'false while this node has the header but not yet the payload';

/** A decided block: header, namespace table and transactions in block order. */
export const BlockSchema = Type.Object({
  height: Uint(),
  hash: Hash({ description: 'the header commitment' }),
  header: HeaderSchema,
  available: Type.Boolean({ description: AVAILABLE }),
  namespaceTable: Nullable(Type.Array(NamespaceEntrySchema)),
  transactions: Nullable(Type.Array(BlockTransactionSchema)),
});
export type BlockJson = Static<typeof BlockSchema>;

/** A block without its transactions (`/availability/block/summaries`). */
export const BlockSummarySchema = Type.Object({
  height: Uint(),
  hash: Hash({ description: 'the header commitment' }),
  header: HeaderSchema,
  size: Uint({ description: 'payload bytes (header.payloadSize)' }),
  available: Type.Boolean({ description: AVAILABLE }),
  numTransactions: Nullable(Uint(), { description: 'null while the payload is not available' }),
  namespaceTable: Nullable(Type.Array(NamespaceEntrySchema)),
});
export type BlockSummaryJson = Static<typeof BlockSummarySchema>;

/** A decided transaction and where it sits. */
export const TransactionSchema = Type.Object({
  hash: Hash(),
  height: Uint(),
  index: Uint({ description: 'position in block order' }),
  namespace: Namespace(),
  payload: Base64(),
});
export type TransactionJson = Static<typeof TransactionSchema>;

/**
 * One namespace of one block with its proof: `namespaceTable` hashes to `header.payloadCommitment`; when the
 * namespace is present, `namespacePayload` hashes to `namespaceTable[index].payloadHash` and decodes to
 * `transactions`; when absent, the sorted table not listing it proves there are none.
 */
export const NamespaceProofSchema = Type.Object(
  {
    height: Uint(),
    namespace: Namespace(),
    headerCommitment: Hash({ description: 'commitment of `header`' }),
    header: HeaderSchema,
    available: Type.Boolean({
      description: 'false (and the proof fields null) while this node has the header but not the payload',
    }),
    namespaceTable: Nullable(Type.Array(NamespaceEntrySchema)),
    index: Nullable(Uint(), { description: "the namespace's row in the table; null if absent" }),
    namespacePayload: Nullable(Base64({ description: 'uint32 count, count x uint32 length, the bytes' })),
    transactions: Nullable(Type.Array(BlockTransactionSchema)),
  },
  { description: 'One namespace of one block with the proof of its transactions, or of their absence' },
);
export type NamespaceProofJson = Static<typeof NamespaceProofSchema>;

/**
 * A block's payload as committed: `namespaceTable` hashes to `hash` (the header's payloadCommitment) and each
 * `namespacePayloads[i]` hashes to `namespaceTable[i].payloadHash`.
 */
export const PayloadSchema = Type.Object({
  height: Uint(),
  blockHash: Hash({ description: 'the header commitment of the block' }),
  hash: Hash({ description: 'the payload commitment: keccak256(abi.encode(NamespaceEntry[]))' }),
  size: Uint({ description: 'total bytes of the namespace payloads' }),
  namespaceTable: Type.Array(NamespaceEntrySchema),
  namespacePayloads: Type.Array(Base64(), {
    description: 'each namespace payload (uint32 count, count x uint32 length, the bytes), in table order',
  }),
});
export type PayloadJson = Static<typeof PayloadSchema>;

/** The transactions decided at one height (a message of the transactions streams). */
export const TransactionsAtHeightSchema = Type.Object({
  height: Uint(),
  blockHash: Hash({ description: 'the header commitment of the block' }),
  namespace: Type.Optional(Namespace({ description: 'present when the stream filters one namespace' })),
  available: Type.Boolean({ description: 'false (and transactions null) while the payload is not here yet' }),
  transactions: Nullable(Type.Array(TransactionSchema), { description: 'in block order; may be empty' }),
});
export type TransactionsAtHeightJson = Static<typeof TransactionsAtHeightSchema>;

/** Bounds of the range routes (`/availability/limits`). */
export const LimitsSchema = Type.Object({
  smallObjectRangeLimit: Uint({ description: 'most leaves or headers one range request returns' }),
  largeObjectRangeLimit: Uint({ description: 'most blocks, payloads or namespaces one range request returns' }),
});
export type LimitsJson = Static<typeof LimitsSchema>;
