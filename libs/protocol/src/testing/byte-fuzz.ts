import fc from 'fast-check';
import { bytesToHex } from 'viem';
import { DecodeError } from '../errors/decode-errors';

/** One edit applied to a valid encoding, to reach the decoder's error paths near valid inputs. */
type Mutation =
  | { kind: 'flip'; at: number; bits: number }
  | { kind: 'truncate'; keep: number }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'delete'; at: number }
  | { kind: 'setUint32'; at: number; value: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('setUint32' as const),
    at: fc.nat(),
    value: fc.oneof(fc.nat(16), fc.constant(0xffff_ffff), fc.nat()),
  }),
);

function mutate(bytes: Uint8Array, mutation: Mutation): Uint8Array {
  const out = Uint8Array.from(bytes);
  const at = bytes.length === 0 ? 0 : ('at' in mutation ? mutation.at : 0) % bytes.length;
  switch (mutation.kind) {
    case 'flip':
      if (out.length > 0) out[at] ^= mutation.bits;
      return out;
    case 'truncate':
      return out.slice(0, bytes.length === 0 ? 0 : mutation.keep % bytes.length);
    case 'append':
      return Uint8Array.from([...out, ...mutation.bytes]);
    case 'delete':
      return Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + 1)]);
    case 'setUint32':
      if (at + 4 <= out.length) new DataView(out.buffer).setUint32(at, mutation.value >>> 0, false);
      return out;
  }
}

/**
 * Bytes for fuzzing a decoder: random bytes, and valid encodings (from `valid`) with one to three edits.
 */
export function fuzzBytesArb(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 96 }),
    fc
      .tuple(valid, fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
      .map(([bytes, mutations]) => mutations.reduce(mutate, bytes)),
  );
}

/**
 * Runs `decode` on `bytes` and asserts the contract of every decoder of untrusted bytes: it returns a value that
 * `encode` turns back into exactly `bytes`, or it throws a DecodeError. Returns which happened.
 */
export function assertDecodesCanonicallyOrThrowsTyped<T>(
  bytes: Uint8Array,
  decode: (bytes: Uint8Array) => T,
  encode: (value: T) => Uint8Array,
): 'decoded' | 'refused' {
  let value: T;
  try {
    value = decode(bytes);
  } catch (error) {
    if (!(error instanceof DecodeError)) {
      throw new Error(`decoder threw a non-DecodeError: ${String(error)}`, { cause: error });
    }
    return 'refused';
  }
  const again = encode(value);
  if (bytesToHex(again) !== bytesToHex(bytes)) {
    throw new Error('decoded value does not re-encode to the same bytes');
  }
  return 'decoded';
}
