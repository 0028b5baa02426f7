import { BaseError } from '@hotshot/protocol';
import { CdnProtocolError, ErrorCode } from '@hotshot/cdn';

/** Redis could not be reached at startup. */
export class RedisUnavailableError extends BaseError {
  override name = 'RedisUnavailableError';
  constructor(url: string, cause: unknown) {
    super(`cannot reach Redis at ${url}; is it running, and is --redis-url right?`, { details: { url }, cause });
  }
}

/** The network definition in Redis is not one this code wrote. */
export class NetworkDefinitionCorruptError extends BaseError {
  override name = 'NetworkDefinitionCorruptError';
  constructor(key: string, reason: string, cause?: unknown) {
    super(`the network definition in Redis key ${key} is corrupt: ${reason}; delete the prefix's keys or use another`, {
      details: { key },
      cause,
    });
  }
}

/** The network in Redis was defined with another node count or consensus config than this process was given. */
export class NetworkMismatchError extends BaseError {
  override name = 'NetworkMismatchError';
  constructor(key: string, field: string, stored: unknown, requested: unknown) {
    super(
      `the network in Redis key ${key} has ${field}=${String(stored)}, but this process was started with ${field}=${String(requested)}; start it with the original value, or use another --redis-prefix for a new network`,
      { details: { key, field } },
    );
  }
}

/** A permit that Redis does not hold (never issued, expired, used) or that was issued for another broker. */
export class BadPermitError extends CdnProtocolError {
  override name = 'BadPermitError';
  constructor(reason: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.BadPermit, `permit refused: ${reason}; authenticate at the marshal again`, details);
  }
}

/** The marshal found no live broker to send a node to. */
export class NoBrokerAvailableError extends CdnProtocolError {
  override name = 'NoBrokerAvailableError';
  constructor() {
    super(ErrorCode.NoBroker, 'no live broker is registered; retry later');
  }
}

/** A permit names an index at which the roster in Redis holds another key: the Redis data was tampered with. */
export class RosterDisagreementError extends BaseError {
  override name = 'RosterDisagreementError';
  constructor(publicKey: string, index: number) {
    super('a permit names a roster index that holds another key in Redis', { details: { publicKey, index } });
  }
}

/** A broker-to-broker link broke the mesh handshake. */
export class MeshRefusedError extends CdnProtocolError {
  override name = 'MeshRefusedError';
  constructor(reason: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.MeshRefused, `mesh link refused: ${reason}`, details);
  }
}

/** Options of a scale-out role that cannot work together. */
export class InvalidScaleOutOptionsError extends BaseError {
  override name = 'InvalidScaleOutOptionsError';
  constructor(reason: string, details: Record<string, unknown> = {}) {
    super(`invalid scale-out options: ${reason}`, { details });
  }
}
