import fc from 'fast-check';
import { keccak256 } from 'viem';
import { keccakBytes, keccakBytesNoble, loadFastKeccak } from './keccak';

describe('keccakBytes', () => {
  it('loads the WebAssembly hasher and agrees with viem and noble on any input, large ones included', async () => {
    expect(await loadFastKeccak()).toBe(true);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const hash = keccakBytes(bytes);
        expect(hash).toBe(keccak256(bytes));
        expect(hash).toBe(keccakBytesNoble(bytes));
      }),
      { numRuns: 200 },
    );
    const large = new Uint8Array(1 << 20).map((_, i) => i * 31);
    expect(keccakBytes(large)).toBe(keccakBytesNoble(large));
    // Back to back, the state of one call never leaks into the next.
    expect(keccakBytes(new Uint8Array())).toBe(keccak256(new Uint8Array()));
  });
});
