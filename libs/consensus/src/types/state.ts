import type {
  BlockPayload,
  Bytes32,
  Certificate,
  Leaf,
  QuorumCertificate,
  TimeoutCertificate,
} from '@hotshot/protocol';
import type { VoteTally } from '../core/vote-tally';
import type { ProposalMessage, TimeoutVoteMessage } from './messages';

/** A leaf with its payload, when the node holds it (DA committee members and every node without a DA round). */
export interface StoredLeaf {
  readonly leaf: Leaf;
  readonly payload?: BlockPayload;
}

/**
 * Why a leaf is decided (DESIGN.md 4 step 5): `qc` certifies `child`, whose parent is that leaf and whose view is
 * the leaf's view + 1. Anyone can check it with one certificate verification.
 */
export interface DecideProof {
  readonly qc: QuorumCertificate;
  readonly child: Leaf;
}

/** A validated leaf in the node's block tree, with its commitment. */
export interface LeafRecord extends StoredLeaf {
  readonly commitment: Bytes32;
}

/**
 * What the node must find again after a restart (DESIGN.md 4 step 7). The shell stores each Persist effect's
 * snapshot durably before it carries out the effects after it, and hands the last one back in Restored.
 */
export interface PersistedConsensusState {
  /** The highest view in which the node proposed, voted or timed out; it never acts at or below it again. */
  readonly lastActionedView: number;
  /** The highest view in which the node cast a DA vote. */
  readonly lastDaVotedView: number;
  /** The highest quorum certificate the node knows. */
  readonly highQc: QuorumCertificate;
  /** The highest timeout certificate the node knows: after a restart it still lifts lagging nodes to its view. */
  readonly highTc?: TimeoutCertificate;
  /** The node's timeout vote in lastActionedView, if it sent one: re-sent unchanged after a restart. */
  readonly timeout?: TimeoutVoteMessage;
  /** The last decided leaf (genesis before the first decide). */
  readonly lastDecided: StoredLeaf;
  /** Validated leaves above the last decided one (the leaves the node voted for among them). */
  readonly undecided: readonly StoredLeaf[];
}

/** A proposal held back until the node has its parent leaf. */
export interface PendingProposal {
  readonly message: ProposalMessage;
  readonly commitment: Bytes32;
}

/** A payload a DA committee member received and checked. */
export interface DaPayload {
  readonly commitment: Bytes32;
  readonly payload: BlockPayload;
  readonly size: number;
}

/** Leader(view)'s proposal in the making: waiting for BlockBuilt, then (with a DA round) for the DA certificate. */
export interface BuildTask {
  readonly view: number;
  readonly parent: LeafRecord;
  readonly justifyQc: QuorumCertificate;
  readonly timeoutCertificate?: TimeoutCertificate;
  /** Set once the block is built and sent to the DA committee. */
  readonly built?: LeafRecord;
}

/** The latest timeout a node heard from one member above its own view, for Bracha-style timeout amplification. */
export interface LatestTimeout {
  readonly message: TimeoutVoteMessage;
  readonly verified: boolean;
}

/**
 * The whole state of one node's consensus core. Immutable: step returns a new state and never changes the one it
 * was given, so the simulator can keep and compare states.
 */
export interface ConsensusState {
  /** False until Started or Restored. */
  readonly started: boolean;
  /** The view the node is in. */
  readonly view: number;
  readonly lastActionedView: number;
  readonly lastDaVotedView: number;
  readonly highQc: QuorumCertificate;
  /** The highest timeout certificate the node knows. */
  readonly highTc?: TimeoutCertificate;
  /** Whether the node timed out the current view. */
  readonly timedOut: boolean;
  /** The node's own timeout vote for the current view, re-sent unchanged on every timer after the first. */
  readonly ownTimeout?: TimeoutVoteMessage;
  /** Views in a row left by timeout (the timer grows by timeoutRatio per failure; a QC resets it). */
  readonly failures: number;
  readonly lastDecided: LeafRecord;
  /** The proof that lastDecided is decided, once this node saw one (not kept across restarts): served to peers. */
  readonly decideProof?: DecideProof;
  /** The block tree: the last decided leaf and validated leaves above it, by commitment. */
  readonly leaves: ReadonlyMap<Bytes32, LeafRecord>;
  /** The first validly signed proposal commitment per view, to catch an equivocating leader. */
  readonly proposals: ReadonlyMap<number, Bytes32>;
  readonly pending: ReadonlyMap<number, PendingProposal>;
  /** Quorum votes by view, each for a leaf commitment, gathered as leader(view + 1). */
  readonly votes: ReadonlyMap<number, VoteTally<Bytes32>>;
  /** DA votes by view, each for a payload commitment, gathered as leader(view). */
  readonly daVotes: ReadonlyMap<number, VoteTally<Bytes32>>;
  /** Timeout votes by view, each for the sender's highQc view, until they form a timeout certificate. */
  readonly timeouts: ReadonlyMap<number, VoteTally<number>>;
  /** By sender: its highest timeout vote above this node's view. */
  readonly latestTimeouts: ReadonlyMap<number, LatestTimeout>;
  readonly daPayloads: ReadonlyMap<number, DaPayload>;
  /** Certificates already verified, by kind, view and commitment (a bounded cache). */
  readonly verified: ReadonlyMap<string, Certificate>;
  /** Leaf commitments requested from peers, with the view in which they were last requested. */
  readonly requested: ReadonlyMap<Bytes32, number>;
  readonly build?: BuildTask;
}
