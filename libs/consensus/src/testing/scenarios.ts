import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import type { NodeRole, SimulationConfig } from './sim-types';

const HONEST: NodeRole = { kind: 'honest' };

/** A calm network of n honest equal-stake nodes, synchronous from the start; overrides change it. */
export function baseScenario(n: number, overrides: Partial<SimulationConfig> = {}): SimulationConfig {
  return {
    seed: 1,
    stakes: Array(n).fill(1n),
    consensus: { ...DEFAULT_CONSENSUS_CONFIG, viewTimeoutMs: 1_000, timeoutRatio: 1.5 },
    roles: Array(n).fill(HONEST),
    network: { minDelayMs: 5, maxDelayMs: 60, dropRate: 0, duplicateRate: 0, postGstMaxDelayMs: 60 },
    partitions: [],
    restarts: [],
    gstMs: 0,
    durationMs: 120_000,
    clockSkewMs: Array.from({ length: n }, (_, i) => (i * 37) % 200),
    minHeightsAfterGst: 8,
    ...overrides,
  };
}

/** `roles` with node `index` replaced. */
function withRole(n: number, faulty: Record<number, NodeRole>): NodeRole[] {
  return Array.from({ length: n }, (_, i) => faulty[i] ?? HONEST);
}

/** When the warm-start scenarios bring their fourth node in: the other three have decided over 1,000 heights. */
export const WARM_START_JOIN_MS = 180_000;

/**
 * Three of four nodes run alone on a fast network with short view timers (the fourth's views time out) until
 * WARM_START_JOIN_MS, when the fourth comes in, far behind; from then on it must decide like the others.
 */
function warmStartScenario(overrides: Partial<SimulationConfig>): SimulationConfig {
  const base = baseScenario(4);
  return baseScenario(4, {
    seed: 5,
    consensus: { ...base.consensus, viewTimeoutMs: 120, timeoutRatio: 1 },
    network: { minDelayMs: 2, maxDelayMs: 20, dropRate: 0, duplicateRate: 0, postGstMaxDelayMs: 20 },
    gstMs: WARM_START_JOIN_MS,
    durationMs: WARM_START_JOIN_MS + 30_000,
    ...overrides,
  });
}

/** The scripted fault scenarios, named after their fault model (n nodes, f faulty, the fault). */
export const SCENARIOS: Readonly<Record<string, () => SimulationConfig>> = {
  'n4-f0-happy': () => baseScenario(4),
  'n4-f1-crash': () => baseScenario(4, { roles: withRole(4, { 3: { kind: 'crashed', atMs: 0 } }) }),
  'n4-f1-crash-mid-run': () =>
    baseScenario(4, { roles: withRole(4, { 2: { kind: 'crashed', atMs: 2_000 } }), gstMs: 2_000 }),
  'n4-f1-equivocating-leader': () =>
    baseScenario(4, { roles: withRole(4, { 1: { kind: 'byzantine', behavior: 'equivocating-leader' } }) }),
  'n4-f1-double-voter': () =>
    baseScenario(4, { roles: withRole(4, { 2: { kind: 'byzantine', behavior: 'double-voter' } }) }),
  'n4-f1-invalid-signatures': () =>
    baseScenario(4, { roles: withRole(4, { 3: { kind: 'byzantine', behavior: 'invalid-signatures' } }) }),
  'n4-f1-withholding-leader': () =>
    baseScenario(4, { roles: withRole(4, { 1: { kind: 'byzantine', behavior: 'withholding-leader' } }) }),
  'n7-f2-partition-heals': () =>
    baseScenario(7, {
      seed: 2,
      roles: withRole(7, { 5: { kind: 'crashed', atMs: 0 }, 6: { kind: 'byzantine', behavior: 'double-voter' } }),
      // Neither side holds a quorum (5 of 7) until the partition heals at GST.
      partitions: [
        {
          fromMs: 1_500,
          untilMs: 8_000,
          groups: [
            [0, 1, 2],
            [3, 4, 5, 6],
          ],
        },
      ],
      gstMs: 8_000,
    }),
  'n4-all-restart': () =>
    baseScenario(4, {
      seed: 3,
      restarts: [0, 1, 2, 3].map((node) => ({ node, crashAtMs: 3_000, restartAtMs: 3_400, midStep: node % 2 === 0 })),
      gstMs: 3_400,
    }),
  'n4-f1-lossy-until-gst': () =>
    baseScenario(4, {
      seed: 4,
      roles: withRole(4, { 0: { kind: 'crashed', atMs: 0 } }),
      network: { minDelayMs: 1, maxDelayMs: 1_500, dropRate: 0.3, duplicateRate: 0.2, postGstMaxDelayMs: 80 },
      restarts: [{ node: 1, crashAtMs: 2_500, restartAtMs: 4_000, midStep: true }],
      gstMs: 9_000,
    }),
  'n4-da-committee-2': () => baseScenario(4, { consensus: { ...baseScenario(4).consensus, daCommitteeSize: 2 } }),
  'n7-da-committee-4-f2': () =>
    baseScenario(7, {
      consensus: { ...baseScenario(7).consensus, daCommitteeSize: 4 },
      roles: withRole(7, {
        3: { kind: 'byzantine', behavior: 'invalid-signatures' },
        6: { kind: 'crashed', atMs: 0 },
      }),
    }),
  'n10-f3-mixed': () =>
    baseScenario(10, {
      roles: withRole(10, {
        1: { kind: 'byzantine', behavior: 'equivocating-leader' },
        4: { kind: 'byzantine', behavior: 'invalid-signatures' },
        8: { kind: 'crashed', atMs: 1_000 },
      }),
      minHeightsAfterGst: 6,
    }),
  'n4-late-joiner-warm-start': () => warmStartScenario({ lateStarts: { 3: WARM_START_JOIN_MS } }),
  'n4-restored-far-behind': () =>
    warmStartScenario({ restarts: [{ node: 3, crashAtMs: 2_000, restartAtMs: WARM_START_JOIN_MS, midStep: false }] }),
};
