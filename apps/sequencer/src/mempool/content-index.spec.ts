import fc from 'fast-check';
import { transactionHash, type Transaction } from '@hotshot/protocol';
import { ContentIndex } from './content-index';

const tx = (namespace: number, bytes: number[]): Transaction => ({ namespace, payload: new Uint8Array(bytes) });

describe('ContentIndex', () => {
  it('finds a held transaction by equal bytes, even in another buffer at another offset', () => {
    const index = new ContentIndex();
    const held = tx(7, [1, 2, 3]);
    index.add(transactionHash(held), held);
    const elsewhere = new Uint8Array([9, 9, 1, 2, 3]).subarray(2);
    expect(index.hashOf({ namespace: 7, payload: elsewhere })).toBe(transactionHash(held));
  });

  it('answers nothing for another namespace or a byte that differs anywhere', () => {
    const index = new ContentIndex();
    const payload = Array.from({ length: 100 }, (_, i) => i);
    const held = tx(1, payload);
    index.add(transactionHash(held), held);
    expect(index.hashOf(tx(2, payload))).toBeUndefined();
    // The middle byte is outside the fingerprint: only the full comparison tells them apart.
    const middle = [...payload];
    middle[50] = 255;
    expect(index.hashOf(tx(1, middle))).toBeUndefined();
  });

  it('never answers a wrong hash, whatever is held', () => {
    const txArb = fc.record({
      namespace: fc.integer({ min: 0, max: 3 }),
      payload: fc.uint8Array({ maxLength: 40 }),
    });
    fc.assert(
      fc.property(fc.array(txArb, { maxLength: 12 }), txArb, (held, probe) => {
        const index = new ContentIndex();
        for (const t of held) index.add(transactionHash(t), t);
        const answer = index.hashOf(probe);
        if (answer !== undefined) expect(answer).toBe(transactionHash(probe));
      }),
      { numRuns: 300 },
    );
  });

  it('forgets a removed transaction and drops empty fingerprints', () => {
    const index = new ContentIndex();
    const a = tx(1, [1]);
    const b = tx(1, [1, 0]);
    index.add(transactionHash(a), a);
    index.add(transactionHash(b), b);
    index.remove(transactionHash(a), a);
    expect(index.hashOf(a)).toBeUndefined();
    expect(index.hashOf(b)).toBe(transactionHash(b));
    index.remove(transactionHash(b), b);
    expect(index.size).toBe(0);
  });

  it('compares a bounded number of look-alikes, then leaves the hashing to the caller', () => {
    const index = new ContentIndex();
    // Same namespace, length and both ends; they differ only in the middle.
    const lookAlikes = Array.from({ length: 10 }, (_, i) => {
      const bytes = new Array(64).fill(0);
      bytes[32] = i;
      return tx(1, bytes);
    });
    for (const t of lookAlikes) index.add(transactionHash(t), t);
    expect(index.hashOf(lookAlikes[0]!)).toBe(transactionHash(lookAlikes[0]!));
    expect(index.hashOf(lookAlikes[9]!)).toBeUndefined();
  });
});
