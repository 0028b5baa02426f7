import { BaseError } from '@hotshot/protocol';

/** Bytes that should hold a BLS public key, signature or secret key do not decode to a valid one. */
export class InvalidKeyMaterialError extends BaseError {
  override name = 'InvalidKeyMaterialError';
  constructor(what: 'publicKey' | 'signature' | 'secretKey', reason: string, cause?: unknown) {
    super(`invalid BLS ${what}: ${reason}`, { details: { what }, cause });
  }
}
