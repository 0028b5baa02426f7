import { bytesToHex, hexToBytes, isHex } from 'viem';
import { CorruptRecordError } from '../errors';

/**
 * JSON that keeps Uint8Array and bigint, so records of the data model survive storage as they were:
 * bytes become {"$b":"0x.."} and bigints {"$n":"123"}.
 */
export function toTaggedJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    // JSON.stringify applies toJSON before the replacer, and a Node Buffer's toJSON hides that it is bytes:
    // look at the value as it was.
    const original = this[key];
    if (original instanceof Uint8Array) return { $b: bytesToHex(original) };
    if (typeof v === 'bigint') return { $n: v.toString() };
    return v;
  });
}

/** Parses what toTaggedJson wrote; throws CorruptRecordError for anything else. */
export function fromTaggedJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text, (_key, v: unknown) => {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const keys = Object.keys(v);
        if (keys.length === 1 && keys[0] === '$b') {
          const hex = (v as { $b: unknown }).$b;
          if (typeof hex !== 'string' || !isHex(hex)) throw new Error('bad bytes tag');
          return hexToBytes(hex);
        }
        if (keys.length === 1 && keys[0] === '$n') {
          const digits = (v as { $n: unknown }).$n;
          if (typeof digits !== 'string' || !/^-?\d+$/.test(digits)) throw new Error('bad bigint tag');
          return BigInt(digits);
        }
      }
      return v;
    }) as T;
  } catch (cause) {
    throw new CorruptRecordError(`stored ${what} does not decode`, undefined, cause);
  }
}
