import { BaseError } from '@hotshot/protocol';

/**
 * Why a signer refused a request; stable strings that callers count by and that travel on the wire unchanged.
 * - `double-sign`: a different digest was already signed for this (kind, view).
 * - `below-watermark`: a vote at or below a view this key already voted past.
 * - `digest-mismatch`: the digest is not the one the request's fields make.
 * - `chain-mismatch`: the request names another chain than the signer's.
 * - `unknown-key`: the signer holds no such key.
 * - `unauthenticated`: the client's MAC is missing, wrong or too old.
 * - `replayed`: the same authenticated request was seen before.
 * - `bad-request`: the request does not have the wire schema's shape.
 */
export const SIGNING_REFUSALS = [
  'double-sign',
  'below-watermark',
  'digest-mismatch',
  'chain-mismatch',
  'unknown-key',
  'unauthenticated',
  'replayed',
  'bad-request',
] as const;

/** One reason for a refusal. */
export type SigningRefusal = (typeof SIGNING_REFUSALS)[number];

/** A signer would not sign; `code` says why (stable, for logs and metrics). The caller must not retry as is. */
export class SigningRefusedError extends BaseError {
  override name = 'SigningRefusedError';
  readonly code: SigningRefusal;
  constructor(code: SigningRefusal, message: string, details: Record<string, unknown> = {}) {
    super(message, { details: { code, ...details } });
    this.code = code;
  }
}

/** The remote signer did not answer (down, unreachable, too slow); the request may be retried. */
export class SignerUnavailableError extends BaseError {
  override name = 'SignerUnavailableError';
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(message, { details, cause });
  }
}

/** What is wrong with a protection database or an interchange file. */
export type ProtectionProblem = 'chainMismatch' | 'unreadable' | 'unwritable';

/** A protection database or interchange file cannot be used as asked; `problem` says why. */
export class ProtectionRecordError extends BaseError {
  override name = 'ProtectionRecordError';
  readonly problem: ProtectionProblem;
  constructor(problem: ProtectionProblem, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(message, { details: { problem, ...details }, cause });
    this.problem = problem;
  }
}
