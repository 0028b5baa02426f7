export { step } from './core/step';
export { messageInput } from './core/message-input';
export { initialState } from './core/state';
export {
  createConsensusContext,
  isDaMember,
  leaderOf,
  type ConsensusContext,
  type ConsensusOptions,
  type SigningMode,
} from './core/context';
export { leaderSchedule } from './core/leader-schedule';
export type * from './types/messages';
export type * from './types/inputs';
export type * from './types/effects';
export type * from './types/state';
export type * from './types/verdicts';
export { BlsConsensusCrypto } from './crypto/bls-consensus-crypto';
export { MemoizedConsensusCrypto } from './crypto/memoized-consensus-crypto';
export { preverifyMessage } from './core/preverify';
export { decodeConsensusMessage, encodeConsensusMessage } from './codec/message-codec';
export { readLeaf, readQc, writeLeaf, writeQc } from './codec/certificate-codec';
