import type { BlockPayload, Bytes32, Leaf, QuorumCertificate } from '@hotshot/protocol';
import type {
  ConsensusMessage,
  ConsensusMessageKind,
  DaVoteMessage,
  QuorumVoteMessage,
  TimeoutVoteMessage,
} from './messages';
import type { PersistedConsensusState } from './state';
import type { IgnoreReason, RejectReason } from './verdicts';

/** A signed action a node takes at most once per view and kind (mirrors the safety store's action log). */
export interface ActionRecord {
  readonly view: number;
  readonly kind: 'proposal' | 'quorum-vote' | 'timeout-vote' | 'da-vote';
  /** The digest the node signed. */
  readonly digest: Bytes32;
}

/**
 * Store `state` durably (DESIGN.md 4 step 7) and log `actions`, before carrying out any later effect of the same
 * step: the core emits it ahead of every send that depends on it.
 */
export interface PersistEffect {
  readonly kind: 'Persist';
  readonly state: PersistedConsensusState;
  /** Signed actions about to leave the node, in order. */
  readonly actions: readonly ActionRecord[];
}

/**
 * What the shell signs for a message the core built unsigned (deferred signing, ConsensusOptions.signing): the kind,
 * the view, the fields the digest is made of and the digest, so a signer can recompute the digest before it signs
 * (the shape of @hotshot/signer's requests, without the chain id the shell adds). `certificate` (a forwarded
 * highQc and TC) sits at the TC's view, or the highQc's without one; `timeoutView` is 0 without a TC.
 */
export type SignRequest =
  | {
      readonly kind: 'quorum-vote' | 'da-vote' | 'proposal' | 'da-proposal';
      readonly view: number;
      /** The leaf commitment (quorum vote, proposal) or the payload commitment (DA vote, DA proposal). */
      readonly commitment: Bytes32;
      readonly digest: Bytes32;
    }
  | { readonly kind: 'timeout-vote'; readonly view: number; readonly highQcView: number; readonly digest: Bytes32 }
  | {
      readonly kind: 'certificate';
      readonly view: number;
      readonly highQcView: number;
      /** The highQc's leaf commitment. */
      readonly commitment: Bytes32;
      readonly timeoutView: number;
      readonly digest: Bytes32;
    };

/**
 * Send `message` to every other node (`all`), or to the DA committee topic. With `signing` (deferred signing only)
 * the message's signature is empty: the shell signs the request, puts the signature in, and then sends.
 */
export interface BroadcastEffect {
  readonly kind: 'Broadcast';
  readonly audience: 'all' | 'da-committee';
  readonly message: ConsensusMessage;
  readonly signing?: SignRequest;
}

/**
 * Send `message` to node `to` (never this node: the core handles its own messages itself). With `signing`, as
 * for Broadcast: sign first, then send.
 */
export interface SendToEffect {
  readonly kind: 'SendTo';
  readonly to: number;
  readonly message: ConsensusMessage;
  readonly signing?: SignRequest;
}

/** A vote this node casts to its own collector (leader of the next view, or a timeout it counts itself). */
export type SelfVote = QuorumVoteMessage | DaVoteMessage | TimeoutVoteMessage;

/**
 * Deferred signing only: sign this node's own vote (its signature is empty) as `signing` asks, then feed it back as
 * an ordinary received message from this node. In-step signing counts such votes within the step instead.
 */
export interface SignForSelfEffect {
  readonly kind: 'SignForSelf';
  readonly message: SelfVote;
  readonly signing: SignRequest;
}

/** (Re)arm the single view timer: after `durationMs`, feed TimeoutElapsed { view }. Replaces any earlier timer. */
export interface ScheduleTimeoutEffect {
  readonly kind: 'ScheduleTimeout';
  readonly view: number;
  readonly durationMs: number;
}

/** As leader of `view`, build a block on `parent` and answer with BlockBuilt. */
export interface BuildBlockEffect {
  readonly kind: 'BuildBlock';
  readonly view: number;
  readonly parent: Leaf;
  readonly parentLeafCommitment: Bytes32;
}

/** One newly decided leaf, with its payload when the node holds it. */
export interface DecidedLeaf {
  readonly leaf: Leaf;
  readonly commitment: Bytes32;
  readonly payload?: BlockPayload;
}

/**
 * Leaves became final (step 5), in height order. `qc` certifies `child`, whose parent is the last leaf and whose
 * view is that leaf's view + 1: with child.justifyQc it is the two-chain proof anyone can check.
 */
export interface DecideEffect {
  readonly kind: 'Decide';
  readonly leaves: readonly DecidedLeaf[];
  readonly qc: QuorumCertificate;
  readonly child: Leaf;
  /**
   * Set by a warm start: the height of the chain decided before, which these leaves do not continue. They start
   * the decided chain anew at leaves[0] (the heights between were skipped), so the shell's store drops what it
   * holds below leaves[0] instead of refusing the gap; older heights are left to archival peers.
   */
  readonly jumpedFrom?: number;
}

/**
 * Fetch from peers the certified leaf `leafCommitment` (of `view`) and its ancestors down to `fromHeight`, with
 * payloads where available and the peer's decide proof when it holds one, and answer with LeavesFetched. `peer`
 * is a node likely to hold them. When the leaf is far above the last decided one (a warm start), `fromHeight`
 * asks only for the recent history the node keeps.
 */
export interface RequestLeavesEffect {
  readonly kind: 'RequestLeaves';
  readonly leafCommitment: Bytes32;
  readonly view: number;
  readonly fromHeight: number;
  readonly peer?: number;
}

/** What a report is about: a message kind, fetched leaves, or a block from the local builder. */
export type ReportSubject = ConsensusMessageKind | 'Leaves' | 'BlockBuilt';

/** A message broke the protocol: count it against `sender` (metrics, logs, peer scoring). */
export interface RejectedEffect {
  readonly kind: 'Rejected';
  readonly subject: ReportSubject;
  readonly sender: number;
  readonly view: number;
  readonly reason: RejectReason;
  readonly detail?: string;
}

/** A message was dropped without blame (metrics and debug logs). */
export interface IgnoredEffect {
  readonly kind: 'Ignored';
  readonly subject: ReportSubject;
  readonly sender: number;
  readonly view: number;
  readonly reason: IgnoreReason;
}

/** Everything the core asks its shell to do; a closed union the shell switches over exhaustively. */
export type ConsensusEffect =
  | PersistEffect
  | BroadcastEffect
  | SendToEffect
  | SignForSelfEffect
  | ScheduleTimeoutEffect
  | BuildBlockEffect
  | DecideEffect
  | RequestLeavesEffect
  | RejectedEffect
  | IgnoredEffect;
