import type { ConsensusConfig, StakeTable } from '@hotshot/protocol';
import type { FrameKind } from './frame-kind';

/** `Authenticate`: the node's BLS public key, a timestamp and its signature over `cdnAuthDigest(key, timestamp)`. */
export interface AuthenticateMessage {
  readonly kind: typeof FrameKind.Authenticate;
  /** 48-byte compressed G1 public key. */
  readonly publicKey: Uint8Array;
  /** Milliseconds since the Unix epoch, as signed. */
  readonly timestampMs: number;
  /** 96-byte compressed G2 signature. */
  readonly signature: Uint8Array;
}

/** `Authenticated`: the broker accepted the key; sent before `Welcome`, which waits for the roster to fill. */
export interface AuthenticatedMessage {
  readonly kind: typeof FrameKind.Authenticated;
  readonly nodeIndex: number;
  /** Keys in the roster so far. */
  readonly joined: number;
  /** Keys the broker waits for before the network starts. */
  readonly expected: number;
  /** The broker's frame limit (length field): larger frames are refused, and none larger is ever forwarded. */
  readonly maxFrameBytes: number;
}

/** `Redirect` (marshal to node): go to the broker at `endpoint` and present `permit` there, once, soon. */
export interface RedirectMessage {
  readonly kind: typeof FrameKind.Redirect;
  /** 32 random bytes the broker redeems in Redis. */
  readonly permit: Uint8Array;
  /** The broker's address for nodes, `host:port` (IPv6 hosts in brackets). */
  readonly endpoint: string;
}

/** `Permit` (node to broker): the first frame on a broker of the scale-out, in place of `Authenticate`. */
export interface PermitMessage {
  readonly kind: typeof FrameKind.Permit;
  readonly permit: Uint8Array;
}

/** `Welcome`: the node's index, the network's consensus config and the stake table, once the network has started. */
export interface WelcomeMessage {
  readonly kind: typeof FrameKind.Welcome;
  readonly nodeIndex: number;
  readonly config: ConsensusConfig;
  readonly stakeTable: StakeTable;
}

/** `Broadcast`: opaque bytes for every subscriber of any topic in `topics` (a bit mask), except the sender. */
export interface BroadcastMessage {
  readonly kind: typeof FrameKind.Broadcast;
  /** The sender's roster index, written by the broker; what a client puts here is replaced. */
  readonly sender: number;
  /** Bit t set means topic t. */
  readonly topics: number;
  readonly bytes: Uint8Array;
}

/** `Direct`: opaque bytes for the node with public key `recipient`. */
export interface DirectMessage {
  readonly kind: typeof FrameKind.Direct;
  readonly recipient: Uint8Array;
  /** The sender's roster index, written by the broker; what a client puts here is replaced. */
  readonly sender: number;
  readonly bytes: Uint8Array;
}

/** `Subscribe` / `Unsubscribe`: add or remove topics (bit mask) from the connection's interests. */
export interface SubscriptionMessage {
  readonly kind: typeof FrameKind.Subscribe | typeof FrameKind.Unsubscribe;
  readonly topics: number;
}

/** `Ping` / `Pong`: heartbeats; either side may ping, the other answers. */
export interface HeartbeatMessage {
  readonly kind: typeof FrameKind.Ping | typeof FrameKind.Pong;
}

/** `Error`: why the sender is about to close the connection. */
export interface ErrorMessage {
  readonly kind: typeof FrameKind.Error;
  readonly code: number;
  readonly message: string;
}

/** Every message of the CDN wire protocol, discriminated by `kind`. */
export type CdnMessage =
  | AuthenticateMessage
  | AuthenticatedMessage
  | RedirectMessage
  | PermitMessage
  | WelcomeMessage
  | BroadcastMessage
  | DirectMessage
  | SubscriptionMessage
  | HeartbeatMessage
  | ErrorMessage;
