import type {
  BlockPayload,
  Bytes32,
  DaCertificate,
  Leaf,
  QuorumCertificate,
  TimeoutCertificate,
} from '@hotshot/protocol';

/** Fields every consensus message carries: who sent it and its signature over the message's digest. */
interface SignedMessage {
  /** The sender's stake-table index. */
  readonly sender: number;
  /** 96-byte BLS signature over the message's digest (see messageDigest). */
  readonly signature: Uint8Array;
}

/**
 * Leader(v)'s block for view `leaf.view` (DESIGN.md 4 step 2), signed over proposalDigest(view, leafCommitment).
 * It carries the payload when every node is in the DA committee, and the DA certificate otherwise; the timeout
 * certificate for view - 1 when the leader entered the view by timeout.
 */
export interface ProposalMessage extends SignedMessage {
  readonly kind: 'Proposal';
  readonly leaf: Leaf;
  readonly payload?: BlockPayload;
  readonly daCertificate?: DaCertificate;
  readonly timeoutCertificate?: TimeoutCertificate;
}

/** A replica's vote for a leaf, sent to leader(view + 1) (step 4); signed over quorumVoteDigest. */
export interface QuorumVoteMessage extends SignedMessage {
  readonly kind: 'QuorumVote';
  readonly view: number;
  readonly leafCommitment: Bytes32;
}

/** A node gave up on `view` (step 6), broadcast; signed over timeoutVoteDigest(view, highQc.view). */
export interface TimeoutVoteMessage extends SignedMessage {
  readonly kind: 'TimeoutVote';
  readonly view: number;
  readonly highQc: QuorumCertificate;
}

/** Leader(view)'s payload for the DA committee (step 1); signed over daProposalDigest(view, payloadCommitment). */
export interface DaProposalMessage extends SignedMessage {
  readonly kind: 'DaProposal';
  readonly view: number;
  readonly payload: BlockPayload;
}

/** A DA committee member holds the payload of `view`, sent to leader(view); signed over daVoteDigest. */
export interface DaVoteMessage extends SignedMessage {
  readonly kind: 'DaVote';
  readonly view: number;
  readonly payloadCommitment: Bytes32;
}

/**
 * Certificate forwarding (step 6): the sender's highest QC and, when it left a view by timeout, that view's
 * timeout certificate. Sent to a new leader and to nodes found lagging. Both certificates prove themselves; the
 * signature (over certificateDigest) only attributes a bad one to its sender.
 */
export interface CertificateMessage extends SignedMessage {
  readonly kind: 'Certificate';
  readonly highQc: QuorumCertificate;
  readonly timeoutCertificate?: TimeoutCertificate;
}

/** Every message consensus nodes exchange (a closed union; the codec gives each kind one tag byte). */
export type ConsensusMessage =
  ProposalMessage | QuorumVoteMessage | TimeoutVoteMessage | DaProposalMessage | DaVoteMessage | CertificateMessage;

/** The `kind` of a consensus message. */
export type ConsensusMessageKind = ConsensusMessage['kind'];
