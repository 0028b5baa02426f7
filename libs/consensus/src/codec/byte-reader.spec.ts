import { ByteReader } from './byte-reader';

describe('ByteReader', () => {
  it('takes plain Uint8Array copies even from a Node Buffer', () => {
    const chunk = Buffer.from([1, 2, 3, 4]);
    const taken = new ByteReader(chunk, 'test').take(2, 'field');
    expect(Object.getPrototypeOf(taken)).toBe(Uint8Array.prototype);
    chunk[0] = 9;
    expect([...taken]).toEqual([1, 2]);
  });
});
