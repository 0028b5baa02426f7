import { demoKeyPair } from '@hotshot/crypto';
import type { StakeTable } from '@hotshot/protocol';
import { WelcomeDisagreesWithL1Error } from '../node-errors';
import { checkWelcomeStakeTable } from './l1-stake-table-check';

const [a, b] = [0, 1].map((i) => demoKeyPair('l1-stake-table-check-spec', i).publicKey);
const address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const l1 = {
  stakeTable: [
    { publicKey: a!, stake: 2n },
    { publicKey: b!, stake: 1n },
  ] as StakeTable,
  l1Block: 70n,
};

describe('checkWelcomeStakeTable', () => {
  const refusal = (welcome: StakeTable) => {
    try {
      checkWelcomeStakeTable(welcome, l1, address);
    } catch (error) {
      expect(error).toBeInstanceOf(WelcomeDisagreesWithL1Error);
      return (error as WelcomeDisagreesWithL1Error).details;
    }
    return undefined;
  };

  it('accepts the table computed from L1', () => {
    expect(refusal(l1.stakeTable.map((entry) => ({ ...entry, publicKey: entry.publicKey.slice() })))).toBeUndefined();
  });

  it('refuses a table of another size, order or stake, naming the field, the L1 block and the contract', () => {
    expect(refusal(l1.stakeTable.slice(0, 1))).toMatchObject({ field: 'size', l1: '2', welcome: '1', l1Block: '70' });
    expect(refusal([l1.stakeTable[1]!, l1.stakeTable[0]!])).toMatchObject({ field: 'publicKey', index: 0 });
    // The bootstrap's table: the same keys at stake 1 each.
    expect(refusal(l1.stakeTable.map((entry) => ({ ...entry, stake: 1n })))).toMatchObject({
      field: 'stake',
      index: 0,
      l1: '2',
      welcome: '1',
      stakeTable: address,
    });
  });
});
