export { BaseError, type BaseErrorOptions, type ErrorDetails } from './errors/base-error';
export { DEFAULT_CONSENSUS_CONFIG, type ConsensusConfig } from './config/consensus-config';
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
export { HEADER_ABI, headerCommitment, leafCommitment } from './commitments/header';
export { EMPTY_PAYLOAD_COMMITMENT, genesisHeader, genesisLeaf, genesisQc } from './model/genesis';
export {
  oneHonestThreshold,
  quorumThreshold,
  totalStake,
  type StakeTable,
  type StakeTableEntry,
} from './model/stake-table';
export {
  CommitmentMismatchError,
  CountMismatchError,
  DecodeError,
  InvalidFieldError,
  LengthOutOfRangeError,
  NamespaceOrderError,
  TrailingBytesError,
  TruncatedInputError,
  type PeerAction,
} from './errors/decode-errors';
export {
  BoundExceededError,
  UNBOUNDED,
  blockBoundsFromConfig,
  type BlockBound,
  type BlockBounds,
} from './payload/block-bounds';
export { checkTransaction, transactionHash } from './payload/transaction';
export { keccakBytes, loadFastKeccak } from './payload/keccak';
export { decodeNamespacePayload, encodeNamespacePayload, namespacePayloadSize } from './payload/namespace-payload';
export { NAMESPACE_TABLE_ABI, findNamespace, payloadCommitment } from './payload/namespace-table';
export {
  blockTransactions,
  buildBlockPayload,
  checkBlockPayload,
  type CheckedBlockPayload,
} from './payload/block-payload';
export { decodeBlockPayload, encodeBlockPayload } from './payload/block-payload-codec';
export { blockTransactionHashes } from './payload/transaction-hashes';
export {
  InvalidNamespaceProofError,
  namespaceProof,
  verifyNamespaceProof,
  type NamespaceProof,
} from './payload/namespace-proof';
