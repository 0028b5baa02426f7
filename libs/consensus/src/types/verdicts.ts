/** Why a message was dropped without blame: it is late, repeated, early, or not addressed to this node. */
export type IgnoreReason =
  | 'not-started'
  | 'stale-view'
  | 'duplicate'
  | 'not-for-me'
  | 'too-far-ahead'
  | 'already-certified'
  | 'already-acted'
  | 'timestamp-ahead'
  | 'invalid-local-block';

/** Why a message proves its sender broke the protocol (the shell penalizes the sender). */
export type RejectReason =
  | 'unknown-sender'
  | 'invalid-signature'
  | 'wrong-leader'
  | 'equivocation'
  | 'invalid-certificate'
  | 'invalid-proposal'
  /** A header's l1Head below its parent's: the L1 block it names went backwards (issue 18). */
  | 'l1-head-backwards'
  | 'unjustified-proposal'
  | 'invalid-payload'
  | 'not-da-member'
  | 'invalid-leaves';

/**
 * The outcome of validating one incoming message (after Lodestar's gossip validation results): use it, drop it,
 * or drop it and blame its sender.
 */
export type Verdict =
  | { readonly kind: 'accept' }
  | { readonly kind: 'ignore'; readonly reason: IgnoreReason }
  | { readonly kind: 'reject'; readonly reason: RejectReason; readonly detail?: string };
