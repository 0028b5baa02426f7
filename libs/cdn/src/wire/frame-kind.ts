/**
 * Frame kinds on the CDN wire (DESIGN.md section 5). The byte after the length prefix; 0 is never valid.
 * `Authenticated` is our addition: it acknowledges a good `Authenticate` before the network has started.
 * `Redirect` and `Permit` belong to the scale-out: the marshal answers `Authenticate` with `Redirect` (a one-time
 * permit and the broker to use), and the node opens its broker connection with `Permit` instead of `Authenticate`.
 */
export const FrameKind = {
  Authenticate: 1,
  Welcome: 2,
  Broadcast: 3,
  Direct: 4,
  Subscribe: 5,
  Unsubscribe: 6,
  Ping: 7,
  Pong: 8,
  Error: 9,
  Authenticated: 10,
  Redirect: 11,
  Permit: 12,
} as const;

/** One of the FrameKind values. */
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** Lower-case names of the frame kinds, indexed by kind byte, for logs and metric labels. */
export const FRAME_KIND_NAMES: readonly string[] = [
  'invalid',
  'authenticate',
  'welcome',
  'broadcast',
  'direct',
  'subscribe',
  'unsubscribe',
  'ping',
  'pong',
  'error',
  'authenticated',
  'redirect',
  'permit',
];

/** Whether `kind` is a known frame kind. */
export function isFrameKind(kind: number): kind is FrameKind {
  return kind >= FrameKind.Authenticate && kind <= FrameKind.Permit;
}

/** Broadcast topics: a node subscribes to topics and a broadcast names one or more of them. */
export const Topic = {
  /** Every node. */
  Global: 0,
  /** The data-availability committee. */
  Da: 1,
} as const;

/** A topic number, 0..31 (topics travel as a 32-bit mask). */
export type Topic = number;

/** Highest topic number a mask can carry. */
export const MAX_TOPIC = 31;

/**
 * Error codes carried by an `Error` frame. The broker sends one before it closes a connection,
 * so the peer can tell a refusal it should not retry soon from a transient failure.
 */
export const ErrorCode = {
  MalformedFrame: 1,
  FrameTooLarge: 2,
  UnexpectedFrame: 3,
  StaleTimestamp: 4,
  BadSignature: 5,
  RosterFull: 6,
  AuthTimeout: 7,
  ReplayedAuthentication: 8,
  HeartbeatTimeout: 9,
  SlowConsumer: 10,
  Superseded: 11,
  ShuttingDown: 12,
  TooManyConnections: 13,
  Internal: 14,
  /** A permit that is unknown, expired, already used or issued for another broker. */
  BadPermit: 15,
  /** The marshal knows no live broker to send the node to (retry later). */
  NoBroker: 16,
  /** A broker-to-broker link was refused: unknown broker id, wrong token, or the wrong side dialled. */
  MeshRefused: 17,
  /** A member sent above its byte or frame rate budget for too long, or flooded a receiver with it. */
  SendBudgetExceeded: 18,
  /** The key is not in the stake table the broker read from L1 (StakeTable.sol): only its members sequence. */
  NotInStakeTable: 19,
} as const;

/** One of the ErrorCode values (other numbers may arrive from a newer peer and are kept as is). */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Names of the error codes for logs and metric labels; unknown codes map to `code_<n>`. */
export function errorCodeName(code: number): string {
  for (const [name, value] of Object.entries(ErrorCode)) {
    if (value === code) return name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c : `_${c}`)).toLowerCase();
  }
  return `code_${code}`;
}
