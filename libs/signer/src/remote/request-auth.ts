import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { privateFileRefusal } from '@hotshot/crypto';
import { BaseError } from '@hotshot/protocol';
import { bytesToHex, hexToBytes } from 'viem';
import type { RequestAuth } from './signer-wire';

/** How far a request's timestamp may be from the signer's clock, either way: 30 s. */
export const DEFAULT_AUTH_WINDOW_MS = 30_000;
/** The shortest shared secret accepted: 32 bytes (256 bits, HMAC-SHA256's strength). */
export const SHARED_SECRET_MIN_BYTES = 32;

/** A shared-secret file cannot be used; `problem` says why. */
export class SharedSecretError extends BaseError {
  override name = 'SharedSecretError';
  readonly problem: 'missing' | 'unreadable' | 'insecurePermissions' | 'tooShort';
  constructor(problem: SharedSecretError['problem'], message: string, cause?: unknown) {
    super(message, { details: { problem }, cause });
    this.problem = problem;
  }
}

/**
 * Reads the secret a signer and its clients share, from a file only its owner can access (mode 0600 or
 * stricter, as key files): its text without surrounding whitespace, at least 32 bytes. Throws SharedSecretError.
 */
export function readSharedSecretFile(path: string): Uint8Array {
  const refused = privateFileRefusal(path);
  if (refused) throw new SharedSecretError(refused.problem, `shared secret ${path}: ${refused.reason}`, refused.cause);
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (cause) {
    throw new SharedSecretError('unreadable', `shared secret ${path}: cannot read`, cause);
  }
  const secret = new TextEncoder().encode(text);
  if (secret.length < SHARED_SECRET_MIN_BYTES) {
    throw new SharedSecretError(
      'tooShort',
      `shared secret ${path}: ${secret.length} bytes, at least ${SHARED_SECRET_MIN_BYTES} needed (e.g. openssl rand -hex 32)`,
    );
  }
  return secret;
}

/** The MAC of one message: HMAC-SHA256(secret, operation | timestamp | nonce | body). */
export function requestMac(
  secret: Uint8Array,
  operation: string,
  body: string,
  timestampMs: number,
  nonce: string,
): string {
  return bytesToHex(
    createHmac('sha256', secret).update(`${operation}\n${timestampMs}\n${nonce.toLowerCase()}\n${body}`).digest(),
  );
}

/** A fresh authentication for one message, made by a client. */
export function authenticateRequest(
  secret: Uint8Array,
  operation: string,
  body: string,
  nowMs = Date.now(),
): RequestAuth {
  const nonce = bytesToHex(randomBytes(16));
  return { timestampMs: nowMs, nonce, mac: requestMac(secret, operation, body, nowMs, nonce) };
}

/** Why an authentication was refused, or undefined when it holds. */
export type AuthRefusal = 'unauthenticated' | 'replayed' | undefined;

/**
 * Checks clients' MACs for a signer: the MAC under the shared secret, a timestamp within the window, and no MAC
 * seen twice within it (a replayed sign answers only what was signed before, but a replay is still not the client).
 */
export class RequestAuthenticator {
  /** MACs seen, by when they may be forgotten (their timestamp + the window). */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly secret: Uint8Array,
    private readonly windowMs = DEFAULT_AUTH_WINDOW_MS,
  ) {}

  check(operation: string, body: string, auth: RequestAuth, nowMs = Date.now()): AuthRefusal {
    const expected = hexToBytes(
      requestMac(this.secret, operation, body, auth.timestampMs, auth.nonce) as `0x${string}`,
    );
    const given = hexToBytes(auth.mac.toLowerCase() as `0x${string}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'unauthenticated';
    if (Math.abs(nowMs - auth.timestampMs) > this.windowMs) return 'unauthenticated';
    this.forgetExpired(nowMs);
    const mac = auth.mac.toLowerCase();
    if (this.seen.has(mac)) return 'replayed';
    this.seen.set(mac, auth.timestampMs + this.windowMs);
    return undefined;
  }

  private forgetExpired(nowMs: number): void {
    // Insertion order is nearly timestamp order: stop at the first live entry instead of walking them all.
    for (const [mac, until] of this.seen) {
      if (until >= nowMs) break;
      this.seen.delete(mac);
    }
  }
}
