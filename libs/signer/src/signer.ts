import type { Hex } from 'viem';
import type { SigningRequest } from './signing-request';

/** A signature and whether it repeats one given before for the same request (an idempotent answer). */
export interface SignedDigest {
  /** 96-byte compressed BLS signature over the request's digest. */
  readonly signature: Uint8Array;
  readonly repeated: boolean;
}

/**
 * The one way a validator key signs: in-process over libs/crypto, or through a `sequencer-signer` service. Either
 * refuses a double sign with SigningRefusedError; a remote one that cannot be reached throws SignerUnavailableError.
 */
export interface Signer {
  /** The public keys (0x hex, compressed G1) this signer holds. */
  publicKeys(): Promise<readonly Hex[]>;
  /** Signs `request` with `publicKey`'s secret, after the double-sign record holds it on disk. */
  sign(publicKey: Hex, request: SigningRequest): Promise<SignedDigest>;
  /** Releases the connection or database. */
  close(): Promise<void>;
}
