import { demoKeyPair, publicKeyToHex } from '@hotshot/crypto';
import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import { createAuthenticate, ErrorCode } from '@hotshot/cdn';
import { BadSignatureError, NotInStakeTableError, ReplayedAuthenticationError } from './broker-errors';
import { L1BrokerGate, type L1Roster } from './l1-broker-gate';
import { MemoryRosterStore } from './roster-store';

const keys = [0, 1, 2].map((i) => demoKeyPair('l1-broker-gate-spec', i));
const NOW = 1_800_000_000_000;
const l1Roster: L1Roster = {
  // The table's order, not the order keys connect in, gives the indices.
  stakeTable: [
    { publicKey: keys[1]!.publicKey, stake: 30n },
    { publicKey: keys[0]!.publicKey, stake: 20n },
  ],
  address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  l1Block: 36n,
  active: 2,
};

describe('L1BrokerGate', () => {
  const gateOver = (store = new MemoryRosterStore()) =>
    new L1BrokerGate(store, l1Roster, DEFAULT_CONSENSUS_CONFIG, 5000);

  it('is full from the start and hands out the table with its stakes', () => {
    const gate = gateOver();
    expect(gate.roster.isFull).toBe(true);
    expect(gate.roster.expectedNodes).toBe(2);
    expect(gate.roster.stakeTable()).toEqual(l1Roster.stakeTable);
    expect(gate.location).toContain('L1 block 36');
  });

  it('gives each member its index in the table, whatever order they connect in', () => {
    const gate = gateOver();
    expect(gate.admit(createAuthenticate(keys[0]!, NOW), NOW)).toMatchObject({ index: 1, isNew: true });
    expect(gate.admit(createAuthenticate(keys[1]!, NOW), NOW)).toMatchObject({ index: 0, isNew: true });
    expect(gate.admit(createAuthenticate(keys[0]!, NOW + 1), NOW)).toMatchObject({ index: 1, isNew: false });
  });

  it('refuses a key outside the table with NotInStakeTable, naming the key and the L1 block', () => {
    const gate = gateOver();
    let refusal: unknown;
    try {
      gate.admit(createAuthenticate(keys[2]!, NOW), NOW);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(NotInStakeTableError);
    expect((refusal as NotInStakeTableError).code).toBe(ErrorCode.NotInStakeTable);
    expect((refusal as NotInStakeTableError).details).toEqual({
      publicKey: publicKeyToHex(keys[2]!.publicKey),
      l1Block: '36',
    });
  });

  it('still checks a member’s signature and refuses a replay, also after a restart', () => {
    const store = new MemoryRosterStore();
    const gate = gateOver(store);
    const forged = { ...createAuthenticate(keys[0]!, NOW), signature: createAuthenticate(keys[1]!, NOW).signature };
    expect(() => gate.admit(forged, NOW)).toThrow(BadSignatureError);
    const first = createAuthenticate(keys[0]!, NOW);
    gate.admit(first, NOW);
    expect(() => gate.admit(first, NOW)).toThrow(ReplayedAuthenticationError);
    expect(() => gateOver(store).admit(first, NOW)).toThrow(ReplayedAuthenticationError);
  });
});
