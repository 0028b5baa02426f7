export { BaseError, type ErrorDetails } from './errors/base-error';
export { SchemaError, jsonSchema, type JsonSchemaDecoder } from './json/json-schema';
export { AddressJson, DecimalStringJson } from './json/json-strings';
export { ByteReader } from './codec/byte-reader';
export { ByteWriter } from './codec/byte-writer';
export { readU16, readU32, readU64, writeU16, writeU32, writeU64 } from './codec/bytes';
export { UnencodableValueError } from './errors/encode-errors';
export { DEFAULT_CONSENSUS_CONFIG, type ConsensusConfig } from './config/consensus-config';
export { ConsensusConfigSchema, consensusConfigFromJson, consensusConfigToJson } from './config/consensus-config-json';
export type {
  BlockPayload,
  Bytes32,
  Certificate,
  DaCertificate,
  FinalityCertificate,
  Header,
  Leaf,
  NamespaceEntry,
  QuorumCertificate,
  TimeoutCertificate,
  Transaction,
} from './model/types';
export {
  DomainTag,
  cdnAuthDigest,
  daVoteDigest,
  finalityDigest,
  proposalDigest,
  quorumVoteDigest,
  timeoutVoteDigest,
} from './commitments/digests';
export { certificateForwardDigest, daProposalDigest } from './commitments/consensus-digests';
export { HEADER_ABI, headerCommitment, headerFromAbi, headerToAbi, leafCommitment } from './commitments/header';
export { PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from './model/bls-sizes';
export { genesisHeader, genesisLeaf, genesisQc } from './model/genesis';
export {
  oneHonestThreshold,
  quorumThreshold,
  totalStake,
  type StakeTable,
  type StakeTableEntry,
} from './model/stake-table';
export {
  DecodeError,
  InvalidFieldError,
  LengthOutOfRangeError,
  TrailingBytesError,
  TruncatedInputError,
} from './errors/decode-errors';
export { BoundExceededError, UNBOUNDED, blockBoundsFromConfig, type BlockBounds } from './payload/block-bounds';
export { transactionHash } from './payload/transaction';
export { keccakBytes, loadFastKeccak } from './payload/keccak';
export { decodeNamespacePayload, encodeNamespacePayload, namespaceTransactionSpans } from './payload/namespace-payload';
export { findNamespace, payloadCommitment } from './payload/namespace-table';
export {
  blockTransactions,
  buildBlockPayload,
  checkBlockPayload,
  type CheckedBlockPayload,
} from './payload/block-payload';
export {
  BLOCK_MESSAGE_HEADROOM_BYTES,
  decodeBlockPayload,
  encodeBlockPayload,
  encodedBlockPayloadSize,
  encodedNamespaceOffsets,
  writeSizedBlockPayload,
} from './payload/block-payload-codec';
export { blockTransactionHashes } from './payload/transaction-hashes';
export { namespaceProof, verifyNamespaceProof } from './payload/namespace-proof';
export {
  DEFAULT_STAKE_TABLE_MAX_SIZE,
  selectStakeTable,
  stakeTableDifference,
  type ActiveValidator,
  type StakeTableDifference,
} from './stake-table/stake-table-selection';
