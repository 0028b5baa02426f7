import { BaseError } from '@hotshot/protocol';
import { ErrorCode, FRAME_KIND_NAMES } from './frame-kind';

/**
 * A peer broke the CDN protocol: bytes that are not a valid frame, a frame not allowed in the connection's state,
 * or a refused authentication. The one sound reaction is to send an `Error` frame with `code` and close that
 * connection (after a bad frame the stream cannot be resynchronised); other connections are unaffected.
 */
export class CdnProtocolError extends BaseError {
  override name = 'CdnProtocolError';
  /** The code for the `Error` frame that answers this error. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, shortMessage: string, details?: Record<string, unknown>) {
    super(shortMessage, { details });
    this.code = code;
  }
}

/** A length prefix announces a frame above the limit; raised before anything is allocated for it. */
export class FrameTooLargeError extends CdnProtocolError {
  override name = 'FrameTooLargeError';
  constructor(length: number, maxFrameBytes: number) {
    super(ErrorCode.FrameTooLarge, 'frame exceeds the maximum frame size', { length, maxFrameBytes });
  }
}

/** A frame whose kind byte is not one we know. */
export class UnknownFrameKindError extends CdnProtocolError {
  override name = 'UnknownFrameKindError';
  constructor(kind: number) {
    super(ErrorCode.MalformedFrame, 'unknown frame kind', { kind });
  }
}

/** A frame of a known kind whose body does not have the layout of that kind. */
export class MalformedFrameError extends CdnProtocolError {
  override name = 'MalformedFrameError';
  constructor(kind: number, reason: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.MalformedFrame, `malformed ${FRAME_KIND_NAMES[kind] ?? 'unknown'} frame: ${reason}`, {
      kind,
      ...details,
    });
  }
}

/** A well-formed frame the receiver does not accept in the connection's current state or direction. */
export class UnexpectedFrameError extends CdnProtocolError {
  override name = 'UnexpectedFrameError';
  constructor(kind: number, state: string) {
    super(ErrorCode.UnexpectedFrame, `unexpected ${FRAME_KIND_NAMES[kind] ?? 'unknown'} frame`, { kind, state });
  }
}

/** A Redirect named a broker address that is not `host:port`. */
export class InvalidEndpointError extends CdnProtocolError {
  override name = 'InvalidEndpointError';
  constructor(endpoint: string) {
    super(ErrorCode.MalformedFrame, 'endpoint is not host:port', { endpoint: endpoint.slice(0, 300) });
  }
}
