import { BaseError } from '@hotshot/protocol';

/** A request is malformed; the message names the field and what is wrong with it. */
export class BadRequestError extends BaseError {
  override name = 'BadRequestError';
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { details });
  }
}

/** The requested resource does not exist (yet). */
export class NotFoundError extends BaseError {
  override name = 'NotFoundError';
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { details });
  }
}

/** The node pruned the requested height; the message names the earliest height it still serves (HTTP 410). */
export class HeightPrunedError extends BaseError {
  override name = 'HeightPrunedError';
  constructor(height: number, earliestHeight: number) {
    super(
      `height ${height} was pruned by this node; the earliest available height is ${earliestHeight} (ask an archival node for older data)`,
      { details: { height, earliestHeight } },
    );
  }
}

/** The node cannot answer yet (it has not joined the network, say); retry later (HTTP 503). */
export class NotReadyError extends BaseError {
  override name = 'NotReadyError';
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { details });
  }
}

/** A WebSocket endpoint was called without `Upgrade: websocket` (HTTP 426). */
export class UpgradeRequiredError extends BaseError {
  override name = 'UpgradeRequiredError';
  constructor(path: string) {
    super('this endpoint is a WebSocket stream: connect with Upgrade: websocket', { details: { path } });
  }
}

/** Too many streams are open; retry later (HTTP 503). */
export class TooManyStreamsError extends BaseError {
  override name = 'TooManyStreamsError';
  constructor(maxConnections: number) {
    super(`this node serves at most ${maxConnections} streams at once; retry later`, {
      details: { maxConnections },
    });
  }
}
