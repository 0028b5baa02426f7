import { CorruptRecordError } from '../errors';
import { fromTaggedJson, toTaggedJson } from './tagged-json';

describe('tagged JSON', () => {
  it('keeps Uint8Array, Node Buffers (as Uint8Array) and bigints', () => {
    const value = {
      a: new Uint8Array([1, 2]),
      b: Buffer.from([3, 4]),
      n: 2n ** 80n,
      nested: [{ c: new Uint8Array() }],
    };
    const back = fromTaggedJson<typeof value>(toTaggedJson(value), 'value');
    expect(back).toEqual({
      a: new Uint8Array([1, 2]),
      b: new Uint8Array([3, 4]),
      n: 2n ** 80n,
      nested: [{ c: new Uint8Array() }],
    });
    expect(back.b).toBeInstanceOf(Uint8Array);
    expect(toTaggedJson(Buffer.from([9]))).toBe('{"$b":"0x09"}');
  });

  it('refuses malformed tags and bad JSON with CorruptRecordError', () => {
    expect(() => fromTaggedJson('{"x":{"$b":"zz"}}', 'leaf')).toThrow(CorruptRecordError);
    expect(() => fromTaggedJson('{"x":{"$n":"1.5"}}', 'leaf')).toThrow('stored leaf does not decode');
    expect(() => fromTaggedJson('{', 'leaf')).toThrow(CorruptRecordError);
  });
});
