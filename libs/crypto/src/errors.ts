import { BaseError } from '@hotshot/protocol';

/** Bytes that should hold a BLS public key, signature or secret key do not decode to a valid one. */
export class InvalidKeyMaterialError extends BaseError {
  override name = 'InvalidKeyMaterialError';
  constructor(what: 'publicKey' | 'signature' | 'secretKey', reason: string, cause?: unknown) {
    super(`invalid BLS ${what}: ${reason}`, { details: { what }, cause });
  }
}

/** A signer bitmap has the wrong length for the stake table, or bits set past its last member. */
export class InvalidBitmapError extends BaseError {
  override name = 'InvalidBitmapError';
  constructor(reason: string, details: Record<string, unknown>) {
    super(`invalid signer bitmap: ${reason}`, { details });
  }
}

/** The same signer appears twice in a vote set or a signer list. */
export class DuplicateSignerError extends BaseError {
  override name = 'DuplicateSignerError';
  readonly signer: number;
  constructor(signer: number) {
    super(`signer ${signer} appears twice`, { details: { signer } });
    this.signer = signer;
  }
}

/** A signer index does not name a stake-table member. */
export class UnknownSignerError extends BaseError {
  override name = 'UnknownSignerError';
  readonly signer: number;
  constructor(signer: number, size: number) {
    super(`signer ${signer} is not in the stake table`, { details: { signer, size } });
    this.signer = signer;
  }
}

/** The valid votes do not carry enough stake for the threshold. */
export class InsufficientStakeError extends BaseError {
  override name = 'InsufficientStakeError';
  readonly signed: bigint;
  readonly needed: bigint;
  constructor(signed: bigint, needed: bigint) {
    super('signed stake is under the threshold', { details: { signed, needed } });
    this.signed = signed;
    this.needed = needed;
  }
}

/** Why a certificate was refused: its bitmap, its stake or its aggregate signature. */
export type InvalidCertificateReason = 'badBitmap' | 'shortStake' | 'badAggregate';

/** A certificate does not prove what it claims; `reason` says which check failed. */
export class InvalidCertificateError extends BaseError {
  override name = 'InvalidCertificateError';
  readonly reason: InvalidCertificateReason;
  constructor(reason: InvalidCertificateReason, details: Record<string, unknown> = {}, cause?: unknown) {
    super(`invalid certificate: ${reasonText[reason]}`, { details: { reason, ...details }, cause });
    this.reason = reason;
  }
}

const reasonText: Record<InvalidCertificateReason, string> = {
  badBitmap: 'malformed signer bitmap',
  shortStake: 'signers hold less stake than the threshold',
  badAggregate: 'aggregate signature does not verify',
};

/** A stake table cannot be used: a key that does not decode, a duplicate key, a negative stake. */
export class InvalidStakeTableError extends BaseError {
  override name = 'InvalidStakeTableError';
  readonly index: number;
  constructor(index: number, reason: string, cause?: unknown) {
    super(`invalid stake table entry ${index}: ${reason}`, { details: { index }, cause });
    this.index = index;
  }
}
