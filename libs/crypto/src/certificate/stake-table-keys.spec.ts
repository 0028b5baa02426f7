import { aggregateSignatures, signDigest } from '../bls/bls';
import { InvalidKeyMaterialError, InvalidStakeTableError, UnknownSignerError } from '../errors';
import { demoCommittee } from '../testing/demo-committee';
import { StakeTableKeys } from './stake-table-keys';

describe('StakeTableKeys', () => {
  const { keyPairs, table } = demoCommittee('stake-table-keys', 5, (i) => BigInt(i + 1));

  it('sums stake and aggregates the keys of any signer subset', () => {
    const keys = new StakeTableKeys(table);
    expect(keys.size).toBe(5);
    expect(keys.totalStake).toBe(15n);
    expect(keys.stakeOf([1, 4])).toBe(7n);
    const digest = `0x${'77'.repeat(32)}` as const;
    const signature = keys.backend.decodeSignature(
      aggregateSignatures([0, 2, 3].map((i) => signDigest(keyPairs[i].secretKey, digest))),
      true,
    );
    const message = Buffer.from('77'.repeat(32), 'hex');
    expect(keys.backend.verify(keys.aggregate([0, 2, 3]), message, signature)).toBe(true);
    expect(keys.backend.verify(keys.aggregate([0, 2]), message, signature)).toBe(false);
    // Remembered: the same signer set gives the same decoded sum.
    expect(keys.aggregate([0, 2, 3])).toBe(keys.aggregate([0, 2, 3]));
    expect(() => keys.aggregate([])).toThrow(InvalidKeyMaterialError);
  });

  it('refuses a key that does not decode, naming its index', () => {
    const broken = [...table];
    broken[3] = { publicKey: new Uint8Array(48).fill(1), stake: 1n };
    expect(() => new StakeTableKeys(broken)).toThrow(expect.objectContaining({ index: 3 }));
    broken[3] = { publicKey: Uint8Array.from([0xc0, ...new Uint8Array(47)]), stake: 1n };
    expect(() => new StakeTableKeys(broken)).toThrow(InvalidStakeTableError);
  });

  it('refuses a key listed twice and a negative stake', () => {
    expect(() => new StakeTableKeys([...table, table[1]])).toThrow(expect.objectContaining({ index: 5 }));
    expect(() => new StakeTableKeys([{ ...table[0], stake: -1n }])).toThrow(InvalidStakeTableError);
  });

  it('refuses indices outside the table', () => {
    const keys = new StakeTableKeys(table);
    expect(() => keys.publicKey(5)).toThrow(UnknownSignerError);
    expect(() => keys.stakeOf([0, -1])).toThrow(UnknownSignerError);
  });
});
