import type { BlockPayload, Bytes32 } from '@hotshot/protocol';
import type {
  CertificateMessage,
  DaProposalMessage,
  DaVoteMessage,
  ProposalMessage,
  QuorumVoteMessage,
  TimeoutVoteMessage,
} from './messages';
import type { DecideProof, PersistedConsensusState, StoredLeaf } from './state';

/** The network started and the node never ran before: begin at view 1 on genesis. */
export interface StartedInput {
  readonly kind: 'Started';
  readonly nowMs: number;
}

/** The node restarted: the last persisted state, from the safety store. */
export interface RestoredInput {
  readonly kind: 'Restored';
  readonly persisted: PersistedConsensusState;
  readonly nowMs: number;
}

/** A proposal arrived; `nowMs` is the local clock, for the timestamp rule. */
export interface ProposalReceivedInput {
  readonly kind: 'ProposalReceived';
  readonly message: ProposalMessage;
  readonly nowMs: number;
}

/** A quorum vote arrived. */
export interface VoteReceivedInput {
  readonly kind: 'VoteReceived';
  readonly message: QuorumVoteMessage;
}

/** A timeout vote arrived. */
export interface TimeoutReceivedInput {
  readonly kind: 'TimeoutReceived';
  readonly message: TimeoutVoteMessage;
}

/** A DA proposal (payload for the committee) arrived. */
export interface DaProposalReceivedInput {
  readonly kind: 'DaProposalReceived';
  readonly message: DaProposalMessage;
}

/** A DA vote arrived. */
export interface DaVoteReceivedInput {
  readonly kind: 'DaVoteReceived';
  readonly message: DaVoteMessage;
}

/** Forwarded certificates arrived. */
export interface CertificateReceivedInput {
  readonly kind: 'CertificateReceived';
  readonly message: CertificateMessage;
}

/** The timer armed by ScheduleTimeout { view } fired. */
export interface TimeoutElapsedInput {
  readonly kind: 'TimeoutElapsed';
  readonly view: number;
  readonly nowMs: number;
}

/** The block builder's answer to BuildBlock: the payload and the header fields it chose. */
export interface BlockBuiltInput {
  readonly kind: 'BlockBuilt';
  readonly view: number;
  readonly parentLeafCommitment: Bytes32;
  readonly payload: BlockPayload;
  /** Block time in ms from the shell's clock (raised to the parent's if the clock is behind). */
  readonly timestamp: number;
  readonly l1Head: number;
  readonly nowMs: number;
}

/**
 * Leaves a peer sent in answer to RequestLeaves (any order); `from` is that peer when known. `decideProof` is the
 * peer's proof that one of `leaves` is decided: a node far behind adopts that leaf (warm start) when the leaves
 * do not reach its own tree.
 */
export interface LeavesFetchedInput {
  readonly kind: 'LeavesFetched';
  readonly leaves: readonly StoredLeaf[];
  readonly decideProof?: DecideProof;
  readonly from?: number;
  readonly nowMs: number;
}

/** Everything that can happen to a node, in the past tense; a closed union step switches over exhaustively. */
export type ConsensusInput =
  | StartedInput
  | RestoredInput
  | ProposalReceivedInput
  | VoteReceivedInput
  | TimeoutReceivedInput
  | DaProposalReceivedInput
  | DaVoteReceivedInput
  | CertificateReceivedInput
  | TimeoutElapsedInput
  | BlockBuiltInput
  | LeavesFetchedInput;
