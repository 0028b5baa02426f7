/**
 * `npm run bench:consensus`: runs the deterministic simulator (fake crypto, every message through the wire codec)
 * for n = 4, 10, 31 and 100, all honest and with f = floor((n - 1) / 3) nodes crashed (clustered in the leader
 * rotation, and spread every third leader), and prints one JSON line
 * per run: simulated views per CPU second, messages and bytes per view, and decide latency in views. A last line
 * repeats n = 4 with real BLS signatures. Numbers only: nothing here passes or fails on time.
 */
import { demoKeyPair, StakeTableKeys } from '@hotshot/crypto';
import { BlsConsensusCrypto } from '@hotshot/consensus';
import { baseScenario, runSimulation, type NodeRole, type SimulationConfig } from '@hotshot/consensus/testing';

/**
 * Heights to decide per size: more than one leader rotation (so clustered crashes are met), few enough for a
 * shared machine. The spread case decides about once per rotation at large n, so it stops after one.
 */
const HEIGHTS: Record<number, number> = { 4: 300, 10: 150, 31: 60, 100: 120 };

function heightsFor(n: number, placement: Placement): number {
  return placement === 'spread' && n > 10 ? Math.floor(n / 3) : HEIGHTS[n];
}

/** Where the crashed nodes sit in the leader rotation. */
type Placement = 'clustered' | 'spread';

function crashedRoles(n: number, crashed: number, placement: Placement): NodeRole[] {
  // Clustered: the last f indices, one run of failed leaders per rotation. Spread: every third leader fails, the
  // worst case for a two-chain whose votes go to the next leader (a decide needs three live leaders in a row).
  const step = Math.floor(n / Math.max(crashed, 1));
  const down = new Set(
    Array.from({ length: crashed }, (_, i) => (placement === 'clustered' ? n - 1 - i : i * step + 1)),
  );
  return Array.from({ length: n }, (_, i) => (down.has(i) ? { kind: 'crashed', atMs: 0 } : { kind: 'honest' }));
}

function measure(label: Record<string, unknown>, config: SimulationConfig): Record<string, unknown> {
  const before = process.cpuUsage();
  const result = runSimulation(config);
  const used = process.cpuUsage(before);
  const cpuMs = (used.user + used.system) / 1000;
  const views = result.stats.maxView;
  return {
    bench: 'consensus',
    ...label,
    ok: result.ok,
    heights: result.stats.minHeight,
    views,
    cpuMs: Math.round(cpuMs),
    viewsPerCpuSecond: Math.round((views / cpuMs) * 1000 * 10) / 10,
    messagesPerView: Math.round((result.stats.messages / views) * 10) / 10,
    bytesPerView: Math.round(result.stats.bytes / views),
    meanDecideLatencyViews: Math.round(result.stats.meanDecideLatencyViews * 100) / 100,
    simulatedSeconds: Math.round(result.stats.simulatedMs / 100) / 10,
  };
}

function scenario(
  n: number,
  crashed: number,
  placement: Placement = 'clustered',
  overrides: Partial<SimulationConfig> = {},
): SimulationConfig {
  return baseScenario(n, {
    roles: crashedRoles(n, crashed, placement),
    wire: true,
    minHeightsAfterGst: undefined,
    stopAtHeight: heightsFor(n, placement),
    durationMs: 3_600_000,
    ...overrides,
  });
}

const happyRatios: Record<number, number> = {};
for (const n of [4, 10, 31, 100]) {
  const f = Math.floor((n - 1) / 3);
  const happy = measure({ n, crashed: 0, crypto: 'fake' }, scenario(n, 0));
  happyRatios[n] = Math.round(((happy.messagesPerView as number) / n) * 100) / 100;
  console.log(JSON.stringify(happy));
  for (const placement of ['clustered', 'spread'] as const) {
    console.log(JSON.stringify(measure({ n, crashed: f, placement, crypto: 'fake' }, scenario(n, f, placement))));
  }
}
// Happy views cost 2(n - 1) messages (proposal broadcast, votes to one leader): per-node cost stays flat.
console.log(JSON.stringify({ bench: 'consensus', happyMessagesPerViewPerNode: happyRatios }));

const pairs = [0, 1, 2, 3].map((i) => demoKeyPair('bench-consensus', i));
const stakeTable = pairs.map((pair) => ({ publicKey: pair.publicKey, stake: 1n }));
const keys = new StakeTableKeys(stakeTable);
console.log(
  JSON.stringify(
    measure(
      { n: 4, crashed: 0, crypto: 'bls' },
      scenario(4, 0, 'clustered', {
        stakeTable,
        cryptoFor: (i) => new BlsConsensusCrypto(keys, pairs[i].secretKey),
        stopAtHeight: 8,
      }),
    ),
  ),
);
