import { BaseError } from '@hotshot/protocol';
import { CdnProtocolError, ErrorCode, FrameKind } from '@hotshot/cdn';

/** An Authenticate frame whose timestamp is further from the broker's clock than the allowed skew. */
export class StaleTimestampError extends CdnProtocolError {
  override name = 'StaleTimestampError';
  constructor(timestampMs: number, nowMs: number, maxSkewMs: number) {
    super(ErrorCode.StaleTimestamp, 'authentication timestamp is stale', {
      timestampMs,
      skewMs: timestampMs - nowMs,
      maxSkewMs,
    });
  }
}

/** An Authenticate frame reusing a timestamp at or below one already accepted for the key: a replay. */
export class ReplayedAuthenticationError extends CdnProtocolError {
  override name = 'ReplayedAuthenticationError';
  constructor(publicKey: string, timestampMs: number, lastTimestampMs: number) {
    super(ErrorCode.ReplayedAuthentication, 'authentication timestamp is not newer than the last one accepted', {
      publicKey,
      timestampMs,
      lastTimestampMs,
    });
  }
}

/** An Authenticate frame whose signature does not verify against its public key. */
export class BadSignatureError extends CdnProtocolError {
  override name = 'BadSignatureError';
  constructor(publicKey: string) {
    super(ErrorCode.BadSignature, 'authentication signature does not verify', { publicKey });
  }
}

/** A key outside the roster tried to join after the roster filled up. */
export class RosterFullError extends CdnProtocolError {
  override name = 'RosterFullError';
  constructor(publicKey: string, expectedNodes: number) {
    super(ErrorCode.RosterFull, 'the roster is full and does not hold this key', { publicKey, expectedNodes });
  }
}

/** A key outside the stake table read from L1 (StakeTable.sol) tried to join a broker that admits by stake. */
export class NotInStakeTableError extends CdnProtocolError {
  override name = 'NotInStakeTableError';
  constructor(publicKey: string, l1Block: bigint) {
    super(ErrorCode.NotInStakeTable, 'the key is not in the stake table read from L1', {
      publicKey,
      l1Block: l1Block.toString(),
    });
  }
}

/** Which limit on connections awaiting authentication a connection met. */
export type PendingLimitScope = 'global' | 'per_address';

/**
 * The broker holds as many unauthenticated connections as it allows, in all (`global`) or from the peer's address
 * (`per_address`). Also sent to a pending connection evicted to make room for a connection from a quieter address.
 */
export class TooManyConnectionsError extends CdnProtocolError {
  override name = 'TooManyConnectionsError';
  constructor(limit: number, scope: PendingLimitScope = 'global', evicted = false) {
    super(
      ErrorCode.TooManyConnections,
      evicted
        ? 'evicted: the broker needed the place of this unauthenticated connection'
        : scope === 'per_address'
          ? 'too many connections awaiting authentication from this address'
          : 'too many connections awaiting authentication',
      { limit, scope, evicted },
    );
  }
}

/**
 * A member kept sending above its send budget (bytes or frames per second) after being slowed down, or flooded a
 * receiver with frames beyond its budget. Only the sender is cut; its receivers keep their connections.
 */
export class SendBudgetExceededError extends CdnProtocolError {
  override name = 'SendBudgetExceededError';
  constructor(index: number, reason: 'sustained' | 'receiver_flooded', details: Record<string, unknown>) {
    super(ErrorCode.SendBudgetExceeded, 'sending above the send budget', { index, reason, ...details });
  }
}

/** The node opened with Authenticate where a permit is expected (a scale-out broker), or the other way round. */
export class WrongAdmissionFrameError extends CdnProtocolError {
  override name = 'WrongAdmissionFrameError';
  constructor(kind: number, expected: number) {
    super(
      ErrorCode.UnexpectedFrame,
      expected === FrameKind.Permit
        ? 'this broker takes permits only: authenticate at the marshal'
        : 'this broker takes Authenticate, not permits',
      { kind, expected },
    );
  }
}

/** The roster file exists but is not a roster this broker wrote. Startup stops; a person must look at it. */
export class RosterFileCorruptError extends BaseError {
  override name = 'RosterFileCorruptError';
  constructor(path: string, reason: string, cause?: unknown) {
    super(`roster file ${path} is corrupt: ${reason}; fix or remove it`, { details: { path }, cause });
  }
}

/** The stored roster was built for another node count or consensus config than the flags ask for. */
export class RosterMismatchError extends BaseError {
  override name = 'RosterMismatchError';
  constructor(path: string, field: string, stored: unknown, requested: unknown) {
    super(
      `roster file ${path} belongs to a network with ${field}=${String(stored)}, but this broker was started with ${field}=${String(requested)}; start it with the original value or remove the file to start a new network`,
      { details: { path, field } },
    );
  }
}

/** Writing the roster failed; the joining node is refused rather than given an index that a restart would lose. */
export class RosterPersistError extends BaseError {
  override name = 'RosterPersistError';
  constructor(path: string, cause: unknown) {
    super(`could not write the roster to ${path}`, { details: { path }, cause });
  }
}

/** A server (broker, marshal or mesh port) could not bind its port. */
export class BrokerListenError extends BaseError {
  override name = 'BrokerListenError';
  constructor(host: string, port: number, cause: unknown) {
    super(`cannot listen on ${host}:${port}`, { details: { host, port }, cause });
  }
}
