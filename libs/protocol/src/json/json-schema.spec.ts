import { Type } from '@sinclair/typebox';
import { jsonSchema } from './json-schema';

const Key = jsonSchema(
  Type.Object({ publicKey: Type.String({ pattern: '^0x[0-9a-f]+$' }), index: Type.Integer({ minimum: 0 }) }),
);

describe('jsonSchema', () => {
  it('passes a value of the right shape through, typed', () => {
    const value = Key.decode({ publicKey: '0xab', index: 2 }, 'roster entry');
    expect(value.index).toBe(2);
    expect(Key.is({ publicKey: '0xab', index: 2 })).toBe(true);
  });

  it('names the boundary and the path of the first issue', () => {
    expect(() => Key.decode({ publicKey: 'zz', index: -1 }, 'roster entry')).toThrow(/^roster entry: \/publicKey /);
    const result = Key.check({ publicKey: '0xab', index: -1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([{ path: '/index', message: expect.any(String) }]);
    expect(result.message).toContain('/index');
  });

  it('refuses text that is not JSON with a SchemaError, not a SyntaxError', () => {
    expect(() => Key.parse('{', 'key file')).toThrow(/key file: \(root\) is not JSON/);
  });

  it('stays cheap and short on a hostile value: it stops at the first issue instead of walking the rest', () => {
    const Many = jsonSchema(Type.Array(Type.Integer(), { maxItems: 1000 }));
    // Counts the items the decoder reads after Check said no (Check itself reads at most until the bad length).
    let reads = 0;
    const counted = (items: unknown[]) =>
      new Proxy(items, {
        get: (target, key, receiver) => {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
    for (const items of [Array.from({ length: 200_000 }, () => 1), Array.from({ length: 200_000 }, () => 'x')]) {
      reads = 0;
      const result = Many.check(counted(items));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.issues).toHaveLength(1);
      expect(result.message.length).toBeLessThan(300);
      expect(reads).toBeLessThan(10);
    }
  });
});
