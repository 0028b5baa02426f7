import { blsBackend, publicKeyToHex, signDigest, type BlsBackend, type BlsKeyPair } from '@hotshot/crypto';
import type { Hex } from 'viem';
import type { SigningProtectionDb } from './protection/signing-protection-db';
import type { SignedDigest, Signer } from './signer';
import { SigningRefusedError } from './signer-errors';
import { protectedPosition, signingDigest, type SigningRequest } from './signing-request';

/** What an in-process signer holds: its keys, its double-sign record (which names the chain) and a BLS backend. */
export interface InProcessSignerOptions {
  readonly keys: readonly BlsKeyPair[];
  readonly protection: SigningProtectionDb;
  /** Default: the process's backend (blst, or noble as the fallback). */
  readonly backend?: BlsBackend;
}

/**
 * Signs over libs/crypto in this process, behind the same checks a `sequencer-signer` makes: the chain, the key,
 * the digest recomputed from the request's fields, then the durable double-sign record, and only then the signature.
 */
export class InProcessSigner implements Signer {
  private readonly keys = new Map<Hex, BlsKeyPair>();
  private readonly backend: BlsBackend;

  constructor(private readonly options: InProcessSignerOptions) {
    for (const key of options.keys) this.keys.set(publicKeyToHex(key.publicKey), key);
    this.backend = options.backend ?? blsBackend();
  }

  /** The chain this signer signs for (its protection database's). */
  get chainId(): bigint {
    return this.options.protection.chainId;
  }

  publicKeys(): Promise<readonly Hex[]> {
    return Promise.resolve([...this.keys.keys()]);
  }

  sign(publicKey: Hex, request: SigningRequest): Promise<SignedDigest> {
    try {
      return Promise.resolve(this.signNow(publicKey, request));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /**
   * The synchronous form of `sign`, for the signer service and for a caller that cannot await (a synchronous
   * bridge). Throws SigningRefusedError.
   */
  signNow(publicKey: Hex, request: SigningRequest): SignedDigest {
    if (request.chainId !== this.chainId) {
      throw new SigningRefusedError('chain-mismatch', 'the request is for another chain', {
        requested: request.chainId.toString(),
        served: this.chainId.toString(),
      });
    }
    const key = this.keys.get(publicKey.toLowerCase() as Hex);
    if (!key) throw new SigningRefusedError('unknown-key', 'this signer holds no such key', { publicKey });
    const expected = signingDigest(request, publicKeyToHex(key.publicKey));
    if (expected.toLowerCase() !== request.digest.toLowerCase()) {
      throw new SigningRefusedError('digest-mismatch', `the digest is not the ${request.kind} digest of its fields`, {
        kind: request.kind,
      });
    }
    const position = protectedPosition(request);
    const outcome =
      position === undefined
        ? 'new'
        : this.options.protection.record({
            publicKey: publicKeyToHex(key.publicKey),
            kind: request.kind,
            position,
            digest: expected,
          });
    return { signature: signDigest(key.secretKey, expected, this.backend), repeated: outcome === 'repeated' };
  }

  close(): Promise<void> {
    this.options.protection.close();
    return Promise.resolve();
  }
}
