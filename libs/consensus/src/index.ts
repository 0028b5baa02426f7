export { step } from './core/step';
export { messageInput } from './core/message-input';
export type { StepResult } from './core/scope';
export { initialState, freshPersistedState } from './core/state';
export {
  createConsensusContext,
  DEFAULT_FUTURE_VIEW_WINDOW,
  DEFAULT_MAX_TIMESTAMP_AHEAD_MS,
  DEFAULT_MAX_VIEW_TIMEOUT_FACTOR,
  DEFAULT_WARM_START_GAP,
  DEFAULT_WARM_START_HISTORY,
  isDaMember,
  leaderOf,
  viewTimeoutFor,
  type ConsensusContext,
  type ConsensusContextParams,
  type ConsensusOptions,
} from './core/context';
export { InvalidConsensusContextError } from './core/errors';
export { ConsensusDomainTag, certificateDigest, daProposalDigest } from './core/memo';
export type { AssembledVotes, ConsensusCrypto, SignedDigestVote, SignedVote } from './crypto/consensus-crypto';
export type * from './types/messages';
export type * from './types/inputs';
export type * from './types/effects';
export type * from './types/state';
export type * from './types/verdicts';
export { BlsConsensusCrypto } from './crypto/bls-consensus-crypto';
export { MemoizedConsensusCrypto } from './crypto/memoized-consensus-crypto';
export { preverifyMessage, type PreverifyOutcome } from './core/preverify';
export {
  CONSENSUS_WIRE_VERSION,
  MESSAGE_KIND_TAG,
  decodeConsensusMessage,
  encodeConsensusMessage,
} from './codec/message-codec';
export { UnencodableMessageError, UnknownMessageKindError, UnsupportedVersionError } from './codec/codec-errors';
export { ByteReader } from './codec/byte-reader';
export { ByteWriter } from './codec/byte-writer';
export {
  readCertificate,
  readDaCertificate,
  readLeaf,
  readQc,
  readTc,
  writeCertificate,
  writeDaCertificate,
  writeLeaf,
  writeQc,
  writeTc,
} from './codec/certificate-codec';
