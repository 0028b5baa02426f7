import fc from 'fast-check';
import { LEADER_SLOTS_PER_MEMBER, leaderSchedule } from './leader-schedule';

const counts = (schedule: readonly number[], n: number) => {
  const out = new Array<number>(n).fill(0);
  for (const leader of schedule) out[leader]! += 1;
  return out;
};

describe('leaderSchedule', () => {
  it('is v mod n when every member holds the same stake', () => {
    for (let n = 1; n <= 12; n++) {
      const schedule = leaderSchedule(Array.from({ length: n }, () => 5n));
      expect(schedule).toEqual(Array.from({ length: n * LEADER_SLOTS_PER_MEMBER }, (_, v) => v % n));
    }
  });

  it('gives each member slots in proportion to its stake, within one slot', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n ** 24n }), { minLength: 1, maxLength: 40 }), (stakes) => {
        const schedule = leaderSchedule(stakes);
        const slots = stakes.length * LEADER_SLOTS_PER_MEMBER;
        expect(schedule).toHaveLength(slots);
        const total = stakes.reduce((a, b) => a + b, 0n);
        counts(schedule, stakes.length).forEach((count, i) => {
          const exact = Number((stakes[i]! * BigInt(slots) * 1000n) / total) / 1000;
          expect(Math.abs(count - exact)).toBeLessThan(1);
        });
      }),
    );
  });

  it("spreads a member's slots: with 3:1 stake the second leads every fourth view, never after four of the first", () => {
    const schedule = leaderSchedule([3n, 1n]);
    expect(schedule.slice(0, 8)).toEqual([0, 0, 1, 0, 0, 0, 1, 0]);
    expect(schedule.join('')).not.toContain('0000');
  });

  it('is the same for the same table and depends only on it', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 1000n }), { minLength: 1, maxLength: 20 }), (stakes) => {
        expect(leaderSchedule(stakes)).toEqual(leaderSchedule([...stakes]));
      }),
    );
  });

  it('never lets a member lead more than ceil(share x period) + 1 times in any window of the period', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 2, maxLength: 12 }), (raw) => {
        const stakes = raw.map(BigInt);
        const schedule = leaderSchedule(stakes);
        const total = raw.reduce((a, b) => a + b, 0);
        const window = raw.length * 4;
        for (let start = 0; start + window <= schedule.length; start += window) {
          const seen = counts(schedule.slice(start, start + window), raw.length);
          seen.forEach((count, i) => expect(count).toBeLessThanOrEqual(Math.ceil((raw[i]! / total) * window) + 2));
        }
      }),
    );
  });

  it('refuses a table without stake', () => {
    expect(() => leaderSchedule([])).toThrow(RangeError);
    expect(() => leaderSchedule([0n, 0n])).toThrow(RangeError);
  });
});
