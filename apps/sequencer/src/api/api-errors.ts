import { BaseError } from '@hotshot/protocol';

/**
 * An error whose raiser writes the message and details: the subclasses differ only in the status the exception
 * filter gives them, so they are told apart by class.
 */
abstract class DescribedApiError extends BaseError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { details });
  }
}

/** A request is malformed; the message names the field and what is wrong with it. */
export class BadRequestError extends DescribedApiError {
  override name = 'BadRequestError';
}

/** The requested resource does not exist (yet). */
export class NotFoundError extends DescribedApiError {
  override name = 'NotFoundError';
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

/** Seconds a client is asked to wait (`Retry-After`) after a 503 or 429 that says "retry later". */
export const RETRY_AFTER_SECONDS = 1;

/** The node cannot answer yet (it has not joined the network, say); retry later (HTTP 503). */
export class NotReadyError extends DescribedApiError {
  override name = 'NotReadyError';
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
}

/**
 * `/healthz` finds the node unhealthy (HTTP 503): storage failed and consensus stopped, or it has not decided for
 * longer than the network's view timeouts allow. The message says which; a process supervisor should restart it
 * or call a person.
 */
export class NodeUnhealthyError extends DescribedApiError {
  override name = 'NodeUnhealthyError';
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
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
  constructor(maxConnections: number) {
    super(`this node serves at most ${maxConnections} streams at once; retry later`, {
      details: { maxConnections },
    });
  }
}

/** This client address has as many streams open as one client may; close one first (HTTP 429). */
export class TooManyClientStreamsError extends BaseError {
  override name = 'TooManyClientStreamsError';
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
  constructor(maxPerClient: number) {
    super(`one client address may hold at most ${maxPerClient} streams at once; close one or retry later`, {
      details: { maxPerClient },
    });
  }
}

/**
 * A request body is larger than the largest transaction the network accepts could make it (HTTP 413). Refused
 * before the body is read (by Content-Length) or as soon as a body without one passes the bound.
 */
export class RequestBodyTooLargeError extends BaseError {
  override name = 'RequestBodyTooLargeError';
  constructor(maxBodyBytes: number, maxTxBytes: number, contentLength?: number) {
    super(`the request body may be at most ${maxBodyBytes} bytes (transactions of at most ${maxTxBytes} bytes)`, {
      details: { maxBodyBytes, maxTxBytes, ...(contentLength !== undefined && { contentLength }) },
    });
  }
}
