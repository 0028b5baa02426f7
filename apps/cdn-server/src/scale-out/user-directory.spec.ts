import fc from 'fast-check';
import type { Hex } from 'viem';
import { UserDirectory } from './user-directory';

const key = (n: number) => `0x${n.toString(16).padStart(96, '0')}` as Hex;

describe('UserDirectory', () => {
  it('keeps the newest session of a key whatever order the updates arrive in', () => {
    const directory = new UserDirectory();
    directory.upsert(key(1), { broker: 'b', epoch: 9, index: 1, topics: 1 });
    const stale = directory.upsert(key(1), { broker: 'a', epoch: 7, index: 1, topics: 3 });
    expect(stale.applied).toBe(false);
    expect(directory.get(key(1))?.broker).toBe('b');
    // The departure of the old session on a names epoch 7 and must not remove the session on b.
    expect(directory.remove(key(1), 'a', 7)).toBe(false);
    expect(directory.remove(key(1), 'b', 7)).toBe(false);
    expect(directory.get(key(1))?.epoch).toBe(9);
    expect(directory.remove(key(1), 'b', 9)).toBe(true);
    expect(directory.get(key(1))).toBeUndefined();
  });

  it('tracks the union of topics per broker through moves, topic changes and lost links', () => {
    const directory = new UserDirectory();
    directory.upsert(key(1), { broker: 'a', epoch: 1, index: 0, topics: 0b01 });
    directory.upsert(key(2), { broker: 'a', epoch: 2, index: 1, topics: 0b10 });
    directory.upsert(key(3), { broker: 'b', epoch: 3, index: 2, topics: 0b01 });
    expect(directory.topicsOf('a')).toBe(0b11);
    expect(directory.topicsOf('b')).toBe(0b01);
    directory.upsert(key(2), { broker: 'b', epoch: 4, index: 1, topics: 0b100 });
    expect(directory.topicsOf('a')).toBe(0b01);
    expect(directory.topicsOf('b')).toBe(0b101);
    directory.upsert(key(3), { broker: 'b', epoch: 3, index: 2, topics: 0 });
    expect(directory.topicsOf('b')).toBe(0b100);
    expect(directory.removeBroker('b').sort()).toEqual([key(2), key(3)]);
    expect(directory.topicsOf('b')).toBe(0);
    expect(directory.size).toBe(1);
    expect(directory.countOn('a')).toBe(1);
  });

  it('ends in the state of the highest epoch for any interleaving of upserts and removals', () => {
    const op = fc.record({
      remove: fc.boolean(),
      broker: fc.constantFrom('a', 'b', 'c'),
      epoch: fc.integer({ min: 1, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const directory = new UserDirectory();
        // The model: the newest upsert seen so far wins; a removal only removes exactly that session.
        let model: { broker: string; epoch: number } | undefined;
        for (const { remove, broker, epoch } of ops) {
          if (remove) {
            const removed = directory.remove(key(1), broker, epoch);
            expect(removed).toBe(model?.broker === broker && model.epoch === epoch);
            if (removed) model = undefined;
          } else {
            const { applied } = directory.upsert(key(1), { broker, epoch, index: 0, topics: 1 });
            expect(applied).toBe(model === undefined || model.epoch <= epoch);
            if (applied) model = { broker, epoch };
          }
          const entry = directory.get(key(1));
          expect(entry === undefined ? undefined : { broker: entry.broker, epoch: entry.epoch }).toEqual(model);
          for (const b of ['a', 'b', 'c']) expect(directory.topicsOf(b)).toBe(model?.broker === b ? 1 : 0);
        }
      }),
    );
  });
});
