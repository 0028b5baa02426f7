import fc from 'fast-check';
import { bytesToHex } from 'viem';
import { InvalidFieldError, TrailingBytesError, TruncatedInputError } from '../errors/decode-errors';
import { UnencodableValueError } from '../errors/encode-errors';
import { ByteReader } from './byte-reader';
import { ByteWriter } from './byte-writer';
import { readU16, readU32, readU64, writeU16, writeU32, writeU64 } from './bytes';

/** One value of each kind the writer and the reader know, written and read back in order. */
interface Fields {
  u8: number;
  u16: number;
  u32: number;
  u64: number;
  u64Big: bigint;
  u256: bigint;
  f64: number;
  bool: boolean;
  bytes32: Uint8Array;
  raw: Uint8Array;
}

const fieldsArb: fc.Arbitrary<Fields> = fc.record({
  u8: fc.integer({ min: 0, max: 0xff }),
  u16: fc.integer({ min: 0, max: 0xffff }),
  u32: fc.integer({ min: 0, max: 0xffff_ffff }),
  u64: fc.oneof(fc.constantFrom(0, 0xffff_ffff, 2 ** 32, Number.MAX_SAFE_INTEGER), fc.maxSafeNat()),
  u64Big: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  u256: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
  f64: fc.double({ noNaN: true, noDefaultInfinity: true }),
  bool: fc.boolean(),
  bytes32: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  raw: fc.uint8Array({ maxLength: 300 }),
});

function write(fields: Fields, capacity?: number): Uint8Array {
  const w = new ByteWriter(capacity);
  w.u8(fields.u8, 'u8');
  w.u16(fields.u16, 'u16');
  w.u32(fields.u32, 'u32');
  w.u64(fields.u64, 'u64');
  w.u64Big(fields.u64Big, 'u64Big');
  w.u256(fields.u256, 'u256');
  w.f64(fields.f64, 'f64');
  w.u8(fields.bool ? 1 : 0, 'bool');
  w.bytes32(bytesToHex(fields.bytes32), 'bytes32');
  w.u32(fields.raw.length, 'raw length');
  w.raw(fields.raw);
  return w.finish();
}

function read(bytes: Uint8Array): Fields {
  const r = new ByteReader(bytes, 'fields');
  const fields: Fields = {
    u8: r.u8('u8'),
    u16: r.u16('u16'),
    u32: r.u32('u32'),
    u64: r.u64('u64'),
    u64Big: r.u64Big('u64Big'),
    u256: r.u256('u256'),
    f64: r.f64('f64'),
    bool: r.bool('bool'),
    bytes32: Uint8Array.from(Buffer.from(r.bytes32('bytes32').slice(2), 'hex')),
    raw: r.copy(r.u32('raw length'), 'raw'),
  };
  r.end();
  return fields;
}

describe('ByteWriter and ByteReader', () => {
  it('read back every field as written, whatever the initial capacity', () => {
    fc.assert(
      fc.property(fieldsArb, fc.integer({ min: 0, max: 600 }), (fields, capacity) => {
        expect(read(write(fields, capacity))).toEqual(fields);
      }),
    );
  });

  it('throw TruncatedInputError for every strict prefix, and TrailingBytesError for any extra byte', () => {
    fc.assert(
      fc.property(fieldsArb, fc.uint8Array({ minLength: 1, maxLength: 4 }), (fields, extra) => {
        const bytes = write(fields);
        for (let keep = 0; keep < bytes.length; keep += 7) {
          expect(() => read(bytes.subarray(0, keep))).toThrow(TruncatedInputError);
        }
        expect(() => read(bytes.subarray(0, bytes.length - 1))).toThrow(TruncatedInputError);
        expect(() => read(Uint8Array.from([...bytes, ...extra]))).toThrow(TrailingBytesError);
      }),
      { numRuns: 30 },
    );
  });

  it('write integers big-endian, as the absolute-offset helpers read them', () => {
    const w = new ByteWriter(1);
    w.u16(0x0102, 'a');
    w.u32(0x03040506, 'b');
    w.u64(0x0708090a0b0c, 'c');
    const bytes = w.finish();
    expect(bytesToHex(bytes)).toBe('0x01020304050600000708090a0b0c');
    expect(readU16(bytes, 0)).toBe(0x0102);
    expect(readU32(bytes, 2)).toBe(0x03040506);
    expect(readU64(bytes, 6)).toBe(0x0708090a0b0cn);
  });
});

describe('ByteReader', () => {
  it('names the encoding and the field in a truncation, and reads nothing past the end', () => {
    const r = new ByteReader(Uint8Array.of(1, 2, 3), 'frame');
    expect(r.u16('a')).toBe(0x0102);
    expect(() => r.u16('b')).toThrow(new TruncatedInputError('frame b', 2, 1));
    expect(r.remaining).toBe(1);
    expect(() => r.view(2 ** 32, 'huge')).toThrow(TruncatedInputError);
  });

  it('accepts a uint64 up to 2^53 - 1 as a number and refuses 2^53 with InvalidFieldError', () => {
    const bytes = new Uint8Array(16);
    writeU64(bytes, 0, BigInt(Number.MAX_SAFE_INTEGER));
    writeU64(bytes, 8, 2n ** 53n);
    const r = new ByteReader(bytes, 'views');
    expect(r.u64('first')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => r.u64('second')).toThrow(InvalidFieldError);
  });

  it('refuses a bool byte other than 0 or 1', () => {
    expect(() => new ByteReader(Uint8Array.of(2), 'flag').bool('flag')).toThrow(InvalidFieldError);
  });

  it('hands out views with view() and plain Uint8Array copies with copy(), even from a Node Buffer', () => {
    const chunk = Buffer.from([1, 2, 3, 4]);
    const r = new ByteReader(chunk, 'test');
    const copied = r.copy(2, 'copied');
    const viewed = r.view(2, 'viewed');
    expect(Object.getPrototypeOf(copied)).toBe(Uint8Array.prototype);
    chunk[0] = 9;
    chunk[2] = 9;
    expect([...copied]).toEqual([1, 2]);
    expect([...viewed]).toEqual([9, 4]);
  });
});

describe('ByteWriter', () => {
  it.each([
    ['u8', (w: ByteWriter) => w.u8(256, 'f')],
    ['u16', (w: ByteWriter) => w.u16(-1, 'f')],
    ['u32', (w: ByteWriter) => w.u32(2 ** 32, 'f')],
    ['u32 fraction', (w: ByteWriter) => w.u32(1.5, 'f')],
    ['u64', (w: ByteWriter) => w.u64(2 ** 53, 'f')],
    ['u64Big', (w: ByteWriter) => w.u64Big(2n ** 64n, 'f')],
    ['u256', (w: ByteWriter) => w.u256(-1n, 'f')],
    ['f64', (w: ByteWriter) => w.f64(Number.NaN, 'f')],
    ['bytes32', (w: ByteWriter) => w.bytes32('0x01', 'f')],
  ])('refuses a value its %s field cannot hold with UnencodableValueError', (_, writeBad) => {
    const w = new ByteWriter();
    expect(() => writeBad(w)).toThrow(UnencodableValueError);
    expect(w.finish()).toHaveLength(0);
  });

  it('finishes a writer sized for its bytes without copying them, and a roomy one with an exact copy', () => {
    const sized = new ByteWriter(4096);
    sized.raw(new Uint8Array(4000).fill(7));
    const view = sized.finish();
    expect(view).toHaveLength(4000);
    expect(view.buffer.byteLength).toBe(4096);
    const roomy = new ByteWriter(1 << 20);
    roomy.u32(1, 'f');
    const copy = roomy.finish();
    expect(copy).toHaveLength(4);
    expect(copy.buffer.byteLength).toBe(4);
  });

  it('refuses a write after finish, which would change the bytes it handed out', () => {
    const w = new ByteWriter();
    w.u8(1, 'f');
    const bytes = w.finish();
    expect(() => w.u8(2, 'f')).toThrow(/written after finish/);
    expect([...bytes]).toEqual([1]);
  });

  it('writes at an absolute offset without touching the neighbouring bytes', () => {
    const bytes = new Uint8Array(8).fill(0xee);
    writeU16(bytes, 1, 0xabcd);
    writeU32(bytes, 3, 0x01020304);
    expect(bytesToHex(bytes)).toBe('0xeeabcd01020304ee');
  });
});
