import { BaseError, DecodeError } from '@hotshot/protocol';

/** The first byte names a wire version this node does not speak. */
export class UnsupportedVersionError extends DecodeError {
  override name = 'UnsupportedVersionError';
  constructor(version: number) {
    super(`unsupported consensus message version ${version}`, { details: { version } });
  }
}

/** The kind byte names no consensus message. */
export class UnknownMessageKindError extends DecodeError {
  override name = 'UnknownMessageKindError';
  constructor(kind: number) {
    super(`unknown consensus message kind ${kind}`, { details: { kind } });
  }
}

/** A message built by this node cannot be encoded (a field out of range): a bug, never a peer's fault. */
export class UnencodableMessageError extends BaseError {
  override name = 'UnencodableMessageError';
  constructor(field: string, reason: string) {
    super(`cannot encode consensus message: ${field} ${reason}`, { details: { field } });
  }
}
