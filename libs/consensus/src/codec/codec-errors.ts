import { DecodeError } from '@hotshot/protocol';

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
