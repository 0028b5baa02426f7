import { demoKeyPair, StakeTableKeys } from '@hotshot/crypto';
import { BlsConsensusCrypto } from '../crypto/bls-consensus-crypto';
import { baseScenario, SCENARIOS } from './scenarios';
import { runSimulation } from './simulator';
import type { NodeRole, SimulationConfig } from './sim-types';

/** Four BLS keys and their stake table, built once. */
const pairs = [0, 1, 2, 3].map((i) => demoKeyPair('consensus-sim', i));
const stakeTable = pairs.map((pair) => ({ publicKey: pair.publicKey, stake: 1n }));
const keys = new StakeTableKeys(stakeTable);

function withBls(config: SimulationConfig, height: number): SimulationConfig {
  return {
    ...config,
    stakeTable,
    cryptoFor: (index) => new BlsConsensusCrypto(keys, pairs[index].secretKey),
    wire: true,
    minHeightsAfterGst: undefined,
    stopAtHeight: height,
  };
}

describe('scripted scenarios with real BLS signatures and the wire codec', () => {
  it('n4-f0-happy: decides over real quorum certificates', () => {
    const result = runSimulation(withBls(baseScenario(4), 3));
    expect(result.violations).toEqual([]);
    expect(result.stats.minHeight).toBeGreaterThanOrEqual(3);
    expect(result.stats.bytes).toBeGreaterThan(0);
  });

  it('n4-f1-crash: forms real timeout certificates around the crashed leader and moves on', () => {
    const roles: NodeRole[] = [
      { kind: 'honest' },
      { kind: 'honest' },
      { kind: 'crashed', atMs: 0 },
      { kind: 'honest' },
    ];
    const result = runSimulation(withBls(baseScenario(4, { roles }), 2));
    expect(result.violations).toEqual([]);
    expect(result.stats.maxView).toBeGreaterThan(result.stats.maxHeight + 1);
  });

  it('n4-f1-invalid-signatures: bisects forged votes out of aggregates and rejects them', () => {
    const result = runSimulation(withBls(SCENARIOS['n4-f1-invalid-signatures'](), 2));
    expect(result.violations).toEqual([]);
    expect(result.stats.rejected['invalid-signature']).toBeGreaterThan(0);
  });
});
