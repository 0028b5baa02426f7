import type { Hex } from 'viem';
import { Roster } from './roster';

const key = (i: number) => `0x${i.toString(16).padStart(96, '0')}` as Hex;

describe('Roster', () => {
  it('assigns indices in join order and keeps them for returning keys', () => {
    const roster = new Roster(3);
    expect(roster.admit(key(9))).toEqual({ index: 0, isNew: true });
    expect(roster.admit(key(4))).toEqual({ index: 1, isNew: true });
    expect(roster.admit(key(9))).toEqual({ index: 0, isNew: false });
    expect(roster.isFull).toBe(false);
    expect(roster.admit(key(1))).toEqual({ index: 2, isNew: true });
    expect(roster.isFull).toBe(true);
  });

  it('refuses new keys once full but still admits members', () => {
    const roster = new Roster(2, [key(1), key(2)]);
    expect(roster.admit(key(3))).toBeUndefined();
    expect(roster.admit(key(2))).toEqual({ index: 1, isNew: false });
    expect(roster.size).toBe(2);
  });

  it('builds the stake table in index order with stake 1 each', () => {
    const roster = new Roster(2, [key(5), key(6)]);
    const table = roster.stakeTable();
    expect(table.map((e) => e.stake)).toEqual([1n, 1n]);
    expect(table[0].publicKey[47]).toBe(5);
    expect(table[1].publicKey[47]).toBe(6);
  });

  it('revokes only the last admission', () => {
    const roster = new Roster(3, [key(1), key(2)]);
    roster.revokeLast(key(1));
    expect(roster.size).toBe(2);
    roster.revokeLast(key(2));
    expect(roster.size).toBe(1);
    expect(roster.indexOf(key(2))).toBeUndefined();
    expect(roster.admit(key(7))).toEqual({ index: 1, isNew: true });
  });
});
