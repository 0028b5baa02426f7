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
