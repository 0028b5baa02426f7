import { publicKeyToHex, signDigest, verifyDigest, type BlsKeyPair } from '@hotshot/crypto';
import { cdnAuthDigest } from '@hotshot/protocol';
import { FrameKind } from '../wire/frame-kind';
import type { AuthenticateMessage } from '../wire/messages';

/** Default tolerance between a node's clock and the broker's: 5 s either way (DESIGN.md section 5). */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5000;

/** An `Authenticate` message for `keyPair`, signed over `cdnAuthDigest(publicKey, timestampMs)`. */
export function createAuthenticate(keyPair: BlsKeyPair, timestampMs: number): AuthenticateMessage {
  const digest = cdnAuthDigest(publicKeyToHex(keyPair.publicKey), timestampMs);
  return {
    kind: FrameKind.Authenticate,
    publicKey: keyPair.publicKey,
    timestampMs,
    signature: signDigest(keyPair.secretKey, digest),
  };
}

/**
 * A node key whose secret is not in this process (a remote signer): it signs CDN authentications asynchronously,
 * over cdnAuthDigest(publicKey, timestampMs), and answers undefined when it cannot (the connection is then retried).
 */
export interface CdnAuthSigner {
  readonly publicKey: Uint8Array;
  signAuth(timestampMs: number): Promise<Uint8Array | undefined>;
}

/** An `Authenticate` message signed by `signer`, or undefined when it gave no signature. */
export async function createRemoteAuthenticate(
  signer: CdnAuthSigner,
  timestampMs: number,
): Promise<AuthenticateMessage | undefined> {
  const signature = await signer.signAuth(timestampMs);
  return signature && { kind: FrameKind.Authenticate, publicKey: signer.publicKey, timestampMs, signature };
}

/** Whether the message's signature is its key's over its timestamp; false for keys or signatures that do not decode. */
export function hasValidAuthSignature(message: AuthenticateMessage): boolean {
  const digest = cdnAuthDigest(publicKeyToHex(message.publicKey), message.timestampMs);
  return verifyDigest(message.publicKey, digest, message.signature);
}
