import fc from 'fast-check';
import { concat, keccak256 } from 'viem';
import { keccakBytes, keccakBytesNoble, keccakOfParts, loadFastKeccak } from './keccak';

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

describe('keccakOfParts', () => {
  const parts = fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 5 });

  it('hashes the concatenation of its parts, on WebAssembly', async () => {
    expect(await loadFastKeccak()).toBe(true);
    fc.assert(
      fc.property(parts, (chunks) => {
        expect(keccakOfParts(chunks)).toBe(keccak256(concat(chunks)));
      }),
      { numRuns: 200 },
    );
  });

  it('hashes the same on noble where WebAssembly does not load', async () => {
    let fallback: typeof keccakOfParts | undefined;
    let loaded: boolean | undefined;
    await jest.isolateModulesAsync(async () => {
      jest.doMock('hash-wasm', () => ({
        createKeccak: () => Promise.reject(new Error('no WebAssembly here')),
      }));
      const module = await import('./keccak');
      loaded = await module.loadFastKeccak();
      fallback = module.keccakOfParts;
    });
    expect(loaded).toBe(false);
    fc.assert(
      fc.property(parts, (chunks) => {
        expect(fallback!(chunks)).toBe(keccak256(concat(chunks)));
      }),
      { numRuns: 100 },
    );
  });
});
