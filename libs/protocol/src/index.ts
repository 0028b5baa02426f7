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
