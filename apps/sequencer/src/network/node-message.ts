import type { DecideProof } from '@hotshot/consensus';
import type { BlockPayload, Bytes32, Leaf, Transaction } from '@hotshot/protocol';

/**
 * Messages between sequencer nodes over the CDN, besides consensus itself. Each delivery's sender index is
 * stamped by the broker; messages that need more trust than that carry their own signatures.
 */
export type NodeMessage =
  /** A consensus message, as @hotshot/consensus encodes it. */
  | { readonly kind: 'consensus'; readonly bytes: Uint8Array }
  /** Transactions forwarded to an upcoming leader, so it can include them. */
  | { readonly kind: 'transactions'; readonly transactions: readonly Transaction[] }
  /** Catch-up: send the certified leaf `leafCommitment` and its ancestors down to `fromHeight`. */
  | {
      readonly kind: 'leaves-request';
      readonly requestId: number;
      readonly leafCommitment: Bytes32;
      readonly view: number;
      readonly fromHeight: number;
    }
  /**
   * Catch-up answer: leaves, each with its payload when the responder has it and it fits the budget, and the
   * responder's proof that its last decided leaf (one of them) is decided, for a node that warm-starts on it.
   */
  | {
      readonly kind: 'leaves-response';
      readonly requestId: number;
      readonly leaves: readonly { readonly leaf: Leaf; readonly payload?: BlockPayload }[];
      readonly decideProof?: DecideProof;
    }
  /** Read path: send the payload of the decided block at `height`. */
  | { readonly kind: 'payload-request'; readonly requestId: number; readonly height: number }
  /** The payload asked for, or none when the responder lacks it. */
  | {
      readonly kind: 'payload-response';
      readonly requestId: number;
      readonly height: number;
      readonly payload?: BlockPayload;
    }
  /** A node's signature over the finality digest of the header at `height` (DESIGN.md 7). */
  | {
      readonly kind: 'finality-signature';
      readonly height: number;
      readonly headerCommitment: Bytes32;
      readonly signature: Uint8Array;
    };

/** The one-byte tag of each kind on the wire; never renumber one that shipped. */
export const NODE_MESSAGE_TAG = {
  consensus: 0,
  transactions: 1,
  'leaves-request': 2,
  'leaves-response': 3,
  'payload-request': 4,
  'payload-response': 5,
  'finality-signature': 6,
} as const satisfies Record<NodeMessage['kind'], number>;
