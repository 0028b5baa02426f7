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

/** Whether the message's signature is its key's over its timestamp; false for keys or signatures that do not decode. */
export function hasValidAuthSignature(message: AuthenticateMessage): boolean {
  const digest = cdnAuthDigest(publicKeyToHex(message.publicKey), message.timestampMs);
  return verifyDigest(message.publicKey, digest, message.signature);
}
