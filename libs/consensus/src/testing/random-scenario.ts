import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import { Prng } from './prng';
import type { ByzantineBehavior, CrashRestart, NodeRole, Partition, SimulationConfig } from './sim-types';

const BEHAVIORS: readonly ByzantineBehavior[] = [
  'equivocating-leader',
  'double-voter',
  'invalid-signatures',
  'withholding-leader',
  'forking-leader',
];

/** Heights every live honest node must decide after GST in a random scenario. */
export const RANDOM_MIN_HEIGHTS_AFTER_GST = 3;

/**
 * A random fault scenario, a pure function of `seed`: 4 to 7 nodes (sometimes with unequal stake, sometimes with
 * a separate DA committee), up to f faulty (crashed for good or Byzantine, always under a third of the stake and
 * of the DA committee's stake), honest crashes and restarts (some mid-step, sometimes every node at once), and
 * before GST a network that drops, duplicates, delays and partitions. After GST it is synchronous, and every
 * live honest node must decide RANDOM_MIN_HEIGHTS_AFTER_GST more heights. A quarter of the runs warm-start nodes
 * that fall more than a few heights behind.
 */
export function randomScenario(seed: number): SimulationConfig {
  const prng = new Prng(seed);
  const n = prng.pick([4, 4, 4, 4, 5, 6, 7]);
  const stakes = Array.from({ length: n }, () => (prng.chance(0.2) ? BigInt(prng.int(1, 3)) : 1n));
  const daCommitteeSize = prng.chance(0.3) ? prng.int(1, n - 1) : 0;
  const gstMs = prng.int(1_000, 12_000);
  const viewTimeoutMs = prng.int(300, 1_500);
  const faulty = pickFaulty(prng, stakes, daCommitteeSize);
  const roles: NodeRole[] = stakes.map((_, i) => {
    if (!faulty.has(i)) return { kind: 'honest' };
    if (prng.chance(0.4)) return { kind: 'crashed', atMs: prng.int(0, gstMs + 2_000) };
    return { kind: 'byzantine', behavior: prng.pick(BEHAVIORS) };
  });
  const honest = roles.flatMap((role, i) => (role.kind === 'honest' ? [i] : []));
  return {
    seed,
    stakes,
    consensus: {
      ...DEFAULT_CONSENSUS_CONFIG,
      chainId: BigInt(prng.int(1, 1_000_000)),
      viewTimeoutMs,
      timeoutRatio: prng.pick([1, 1.25, 1.5, 2]),
      daCommitteeSize,
      maxBlockTxs: 64,
      maxBlockBytes: 8_192,
      maxTxBytes: 1_024,
    },
    roles,
    network: {
      minDelayMs: prng.int(1, 10),
      maxDelayMs: prng.pick([20, 100, 500, 2_000]),
      dropRate: prng.pick([0, 0, 0.05, 0.2, 0.5]),
      duplicateRate: prng.pick([0, 0.1, 0.3]),
      postGstMaxDelayMs: prng.int(20, 150),
    },
    partitions: randomPartitions(prng, n, gstMs),
    restarts: randomRestarts(prng, honest, gstMs),
    gstMs,
    durationMs: gstMs + 40 * viewTimeoutMs * 8,
    clockSkewMs: stakes.map(() => prng.int(-300, 300)),
    minHeightsAfterGst: RANDOM_MIN_HEIGHTS_AFTER_GST,
    wire: prng.chance(0.1),
    // Drawn last, so every other choice stays what the seed gave before.
    ...warmStarts(prng, honest, gstMs, viewTimeoutMs),
  };
}

/**
 * A quarter of the runs warm-start any node that falls a few heights behind, most of them with an honest node
 * that joins empty up to 30 view timers after GST, when the others are well ahead: jumps then go through every
 * fault above (Byzantine servers, crashes and restarts, lossy links until GST).
 */
function warmStarts(
  prng: Prng,
  honest: readonly number[],
  gstMs: number,
  viewTimeoutMs: number,
): Partial<SimulationConfig> {
  if (!prng.chance(0.25)) return {};
  const options = { warmStartGap: prng.int(1, 4), warmStartHistory: prng.int(1, 3) };
  if (prng.chance(0.2)) return { options };
  return { options, lateStarts: { [prng.pick(honest)]: prng.int(0, gstMs + 30 * viewTimeoutMs) } };
}

/** A faulty set under a third of all stake and of the DA committee's stake. */
function pickFaulty(prng: Prng, stakes: readonly bigint[], daCommitteeSize: number): Set<number> {
  const total = stakes.reduce((a, b) => a + b, 0n);
  const committee = daCommitteeSize > 0 ? daCommitteeSize : stakes.length;
  const committeeStake = stakes.slice(0, committee).reduce((a, b) => a + b, 0n);
  const target = prng.int(0, Math.floor((stakes.length - 1) / 3));
  const faulty = new Set<number>();
  let faultyStake = 0n;
  let faultyCommitteeStake = 0n;
  for (const i of prng.shuffle(stakes.map((_, i) => i))) {
    if (faulty.size >= target) break;
    const inCommittee = i < committee ? stakes[i] : 0n;
    if (3n * (faultyStake + stakes[i]) >= total) continue;
    if (3n * (faultyCommitteeStake + inCommittee) >= committeeStake) continue;
    faulty.add(i);
    faultyStake += stakes[i];
    faultyCommitteeStake += inCommittee;
  }
  return faulty;
}

function randomPartitions(prng: Prng, n: number, gstMs: number): Partition[] {
  if (!prng.chance(0.4)) return [];
  return Array.from({ length: prng.int(1, 3) }, () => {
    const fromMs = prng.int(0, gstMs - 1);
    const untilMs = prng.int(fromMs + 1, gstMs);
    const sides = prng.int(2, 3);
    const groups: number[][] = Array.from({ length: sides }, () => []);
    for (const node of prng.shuffle([...Array(n).keys()])) groups[prng.int(0, sides - 1)].push(node);
    return { fromMs, untilMs, groups };
  });
}

function randomRestarts(prng: Prng, honest: readonly number[], gstMs: number): CrashRestart[] {
  if (prng.chance(0.1)) {
    // Every honest node restarts at once, from disk.
    const crashAtMs = prng.int(0, gstMs - 1);
    const restartAtMs = prng.int(crashAtMs + 1, gstMs);
    return honest.map((node) => ({ node, crashAtMs, restartAtMs, midStep: prng.chance(0.5) }));
  }
  if (!prng.chance(0.5)) return [];
  return Array.from({ length: prng.int(1, 3) }, () => {
    const crashAtMs = prng.int(0, gstMs - 1);
    return {
      node: prng.pick(honest),
      crashAtMs,
      restartAtMs: prng.int(crashAtMs + 1, gstMs),
      midStep: prng.chance(0.5),
    };
  });
}
