import type { Bytes32 } from '@hotshot/protocol';
import { BadRequestError } from './api-errors';

/** Parses a path or query parameter that must be a non-negative integer (a height or a namespace). */
export function parseUnsigned(value: string | undefined, field: string, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || !/^\d+$/.test(value)) {
    throw new BadRequestError(`${field} must be a non-negative integer`, { field, value });
  }
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed > max) {
    throw new BadRequestError(`${field} must be at most ${max}`, { field, value });
  }
  return parsed;
}

/** Parses a 32-byte hash given as 0x-prefixed hex. */
export function parseHash(value: string | undefined, field: string): Bytes32 {
  if (value === undefined || !/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw new BadRequestError(`${field} must be 0x followed by 64 hex digits`, { field, value });
  }
  return value.toLowerCase() as Bytes32;
}

/**
 * Parses standard or URL-safe base64, refusing anything else. Decodes once, straight into the returned bytes
 * (no intermediate Buffer to copy from): a transaction's payload is the largest thing the API receives.
 */
export function parseBase64(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) {
    throw new BadRequestError(`${field} must be a base64 string`, { field });
  }
  let digits = value.length;
  while (digits > 0 && value.charCodeAt(digits - 1) === 0x3d /* '=' */) digits--;
  if (digits % 4 === 1) throw new BadRequestError(`${field} must be a base64 string`, { field });
  const bytes = new Uint8Array(Math.floor((digits * 3) / 4));
  // Node's base64 decoder reads both alphabets.
  const written = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).write(value, 'base64');
  return written === bytes.length ? bytes : bytes.subarray(0, written);
}

/** Checks the body is a JSON object. */
export function parseObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestError('the request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}
