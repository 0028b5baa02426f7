import { BaseError, type BaseErrorOptions } from './base-error';

/**
 * The common base of every error this library throws for bytes or structures that come from outside: malformed
 * encodings, counts that do not add up, unsorted tables, hashes that do not match, bounds that are broken.
 * Decoders of untrusted bytes throw nothing else, so one `instanceof DecodeError` separates a peer's garbage
 * from a bug: such data is never valid, so the peer that sent it is rejected and penalized.
 */
export class DecodeError extends BaseError {
  override name = 'DecodeError';

  constructor(shortMessage: string, options: BaseErrorOptions = {}) {
    super(shortMessage, options);
  }
}

/** The input ends before a field it announces. */
export class TruncatedInputError extends DecodeError {
  override name = 'TruncatedInputError';
  constructor(what: string, needed: number, available: number) {
    super(`truncated ${what}`, { details: { what, needed, available } });
  }
}

/** A length prefix points past the end of the input. */
export class LengthOutOfRangeError extends DecodeError {
  override name = 'LengthOutOfRangeError';
  constructor(what: string, length: number, available: number) {
    super(`${what} length points past the end of the input`, { details: { what, length, available } });
  }
}

/** Two counts that must agree do not (a table's txCount and its payload's count, table and payload lists). */
export class CountMismatchError extends DecodeError {
  override name = 'CountMismatchError';
  constructor(what: string, expected: number, actual: number) {
    super(`${what} count does not match`, { details: { what, expected, actual } });
  }
}

/** Bytes remain after the last field of a complete encoding. */
export class TrailingBytesError extends DecodeError {
  override name = 'TrailingBytesError';
  constructor(what: string, trailing: number) {
    super(`trailing bytes after ${what}`, { details: { what, trailing } });
  }
}

/** A namespace table is not strictly ascending by namespace (unsorted, or a namespace twice). */
export class NamespaceOrderError extends DecodeError {
  override name = 'NamespaceOrderError';
  readonly reason: 'unsorted' | 'duplicate';
  constructor(reason: 'unsorted' | 'duplicate', index: number, namespace: number, previous: number) {
    super(
      reason === 'duplicate'
        ? `namespace table lists namespace ${namespace} twice`
        : 'namespace table is not sorted by namespace',
      { details: { reason, index, namespace, previous } },
    );
    this.reason = reason;
  }
}

/** A field holds a value outside its type (a namespace that is not a uint32, an empty namespace entry). */
export class InvalidFieldError extends DecodeError {
  override name = 'InvalidFieldError';
  constructor(field: string, value: unknown, expected: string) {
    super(`invalid ${field}: expected ${expected}`, { details: { field, value: String(value), expected } });
  }
}

/** Data does not hash to the commitment that should bind it (namespace payload hash, payload commitment). */
export class CommitmentMismatchError extends DecodeError {
  override name = 'CommitmentMismatchError';
  constructor(what: string, expected: string, actual: string) {
    super(`${what} does not match its commitment`, { details: { what, expected, actual } });
  }
}
