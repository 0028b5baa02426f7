import fc from 'fast-check';
import type { StakeTable } from '../model/stake-table';
import {
  InvalidActiveValidatorsError,
  InvalidStakeTableRulesError,
  selectStakeTable,
  stakeTableDifference,
  type ActiveValidator,
} from './stake-table-selection';

/** A 48-byte key whose bytes are all `fill`, with `last` as its final byte. */
const key = (fill: number, last = fill): Uint8Array => {
  const bytes = new Uint8Array(48).fill(fill);
  bytes[47] = last;
  return bytes;
};
const v = (fill: number, stake: bigint, last = fill): ActiveValidator => ({ publicKey: key(fill, last), stake });
const keysOf = (table: StakeTable) => table.map((entry) => Buffer.from(entry.publicKey).toString('hex'));
const rules = { minStake: 1n, maxSize: 100 };

const arbitraryValidators = fc
  .uniqueArray(fc.uint8Array({ minLength: 48, maxLength: 48 }), {
    minLength: 1,
    maxLength: 30,
    selector: (bytes) => Buffer.from(bytes).toString('hex'),
  })
  .chain((keys) =>
    fc.tuple(
      fc.constant(keys),
      // Few distinct stakes, so ties are common and the key order is exercised.
      fc.array(fc.bigInt({ min: 1n, max: 5n }), { minLength: keys.length, maxLength: keys.length }),
    ),
  )
  .map(([keys, stakes]) => keys.map((publicKey, i): ActiveValidator => ({ publicKey, stake: stakes[i]! })));

describe('selectStakeTable', () => {
  it('orders by stake, largest first, then by key bytes', () => {
    const table = selectStakeTable([v(3, 5n), v(1, 5n), v(9, 7n), v(2, 1n), v(1, 5n, 0)], rules);
    expect(keysOf(table)).toEqual(keysOf([v(9, 7n), v(1, 5n, 0), v(1, 5n), v(3, 5n), v(2, 1n)]));
    expect(table.map((entry) => entry.stake)).toEqual([7n, 5n, 5n, 5n, 1n]);
  });

  it('compares keys as unsigned bytes (0x80 after 0x7f)', () => {
    const table = selectStakeTable([v(0x80, 1n), v(0x7f, 1n)], rules);
    expect(table.map((entry) => entry.publicKey[0])).toEqual([0x7f, 0x80]);
  });

  it('leaves out stakes below the minimum and keeps one exactly at it', () => {
    const table = selectStakeTable([v(1, 9n), v(2, 10n), v(3, 11n)], { minStake: 10n, maxSize: 10 });
    expect(table.map((entry) => entry.stake)).toEqual([11n, 10n]);
  });

  it('caps the table at maxSize by stake, breaking a tie at the cut by key', () => {
    const table = selectStakeTable([v(5, 2n), v(4, 2n), v(1, 1n), v(6, 3n)], { minStake: 1n, maxSize: 2 });
    expect(keysOf(table)).toEqual(keysOf([v(6, 3n), v(4, 2n)]));
  });

  it('copies the keys, so a caller reusing its buffers cannot change the table', () => {
    const input = v(1, 1n);
    const table = selectStakeTable([input], rules);
    input.publicKey.fill(0);
    expect(table[0]!.publicKey[0]).toBe(1);
  });

  it('refuses a key listed twice, a key of another length, a stake below 1, and an empty result', () => {
    const reasonOf = (validators: ActiveValidator[], minStake = 1n) => {
      try {
        selectStakeTable(validators, { minStake, maxSize: 10 });
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidActiveValidatorsError);
        return (error as InvalidActiveValidatorsError).reason;
      }
      return 'accepted';
    };
    expect(reasonOf([v(1, 1n), v(2, 1n), v(1, 4n)])).toBe('duplicate-key');
    expect(reasonOf([{ publicKey: new Uint8Array(47), stake: 1n }])).toBe('bad-key-length');
    expect(reasonOf([v(1, 0n)])).toBe('bad-stake');
    expect(reasonOf([v(1, -1n)])).toBe('bad-stake');
    expect(reasonOf([])).toBe('none-qualifies');
    expect(reasonOf([v(1, 3n)], 4n)).toBe('none-qualifies');
  });

  it('refuses unusable rules', () => {
    for (const bad of [
      { minStake: 1n, maxSize: 0 },
      { minStake: 1n, maxSize: 1.5 },
      { minStake: 0n, maxSize: 1 },
    ]) {
      expect(() => selectStakeTable([v(1, 1n)], bad)).toThrow(InvalidStakeTableRulesError);
    }
  });

  it('is the same table whatever order the contract lists the validators in', () => {
    fc.assert(
      fc.property(arbitraryValidators, fc.integer({ min: 1, max: 35 }), fc.nat(), (validators, maxSize, seed) => {
        const shuffled = [...validators].sort(
          (a, b) => ((a.publicKey[seed % 48]! ^ seed) & 0xff) - ((b.publicKey[seed % 48]! ^ seed) & 0xff),
        );
        const one = selectStakeTable(validators, { minStake: 1n, maxSize });
        const other = selectStakeTable(shuffled.reverse(), { minStake: 1n, maxSize });
        expect(stakeTableDifference(one, other)).toBeUndefined();
      }),
    );
  });

  it('keeps exactly the largest stakes that qualify, sorted, each once', () => {
    fc.assert(
      fc.property(
        arbitraryValidators,
        fc.integer({ min: 1, max: 35 }),
        fc.bigInt({ min: 1n, max: 5n }),
        (validators, maxSize, minStake) => {
          const qualifying = validators.filter((validator) => validator.stake >= minStake);
          fc.pre(qualifying.length > 0);
          const table = selectStakeTable(validators, { minStake, maxSize });
          expect(table.length).toBe(Math.min(maxSize, qualifying.length));
          expect(new Set(keysOf(table)).size).toBe(table.length);
          for (let i = 1; i < table.length; i++) {
            const [a, b] = [table[i - 1]!, table[i]!];
            expect(a.stake > b.stake || (a.stake === b.stake && Buffer.compare(a.publicKey, b.publicKey) < 0)).toBe(
              true,
            );
          }
          // Nobody left out has more stake than the smallest member kept.
          const kept = new Set(keysOf(table));
          const smallest = table.at(-1)!.stake;
          for (const validator of qualifying) {
            if (!kept.has(Buffer.from(validator.publicKey).toString('hex'))) {
              expect(validator.stake <= smallest).toBe(true);
            }
          }
          for (const entry of table) expect(entry.stake >= minStake).toBe(true);
        },
      ),
    );
  });
});

describe('stakeTableDifference', () => {
  const table: StakeTable = [
    { publicKey: key(1), stake: 5n },
    { publicKey: key(2), stake: 3n },
  ];

  it('finds no difference between equal tables', () => {
    expect(
      stakeTableDifference(
        table,
        table.map((entry) => ({ ...entry, publicKey: entry.publicKey.slice() })),
      ),
    ).toBe(undefined);
  });

  it('names the size, then the first member whose key or stake differs', () => {
    expect(stakeTableDifference(table, table.slice(0, 1))).toEqual({ field: 'size', expected: '2', got: '1' });
    expect(stakeTableDifference(table, [table[1]!, table[0]!])).toMatchObject({ field: 'publicKey', index: 0 });
    expect(stakeTableDifference(table, [table[0]!, { publicKey: key(2), stake: 1n }])).toEqual({
      field: 'stake',
      index: 1,
      expected: '3',
      got: '1',
    });
  });
});
