import type { FaultKind } from './scenarios/fault-types';
import type { FaultReport } from './session/fault-report';
import { DEFAULT_L1, SHORT_SCALE, runFaultSession } from './session/fault-session';

/**
 * The bounded run: each fault once, in this order, on one network of five sequencers and a broker (kill -9 of one
 * node is part of wipe-node; the randomized CLI session runs every kind, two-node and stall faults included).
 */
const PLAN: readonly FaultKind[] = [
  'kill9-broker',
  'partition-node',
  'wipe-node',
  'sigterm-node',
  'byzantine-equivocation',
  'invalid-signatures',
  'replay',
  'frame-fuzz',
  'http-fuzz',
  'kill9-poster',
  'kill9-all-nodes',
];

/**
 * The short version of `npm run faults`: real cdn-server and sequencer processes (dist/, or FAULTS_DIST_DIR) with
 * anvil, the contracts, hotshot-poster and zkevm-adaptor, under load, through crashes, a broker restart, a
 * partition, a lost disk, a clean stop, a Byzantine member, forged signatures, replays, fuzzed frames and HTTP. Each fault must heal with every node caught up and its own checks holding;
 * over the whole run no fork, no transaction decided twice, none acknowledged and lost while its node stayed up,
 * no decided block without data, L1 heights contiguous and matching the chain, no process exit the harness did
 * not cause. FAULTS_VERBOSE=1 prints progress.
 */
describe('five sequencers under crashes, partitions and hostile peers (short fault session)', () => {
  let report: FaultReport;

  beforeAll(async () => {
    report = await runFaultSession({
      minutes: 0,
      seed: Number(process.env.FAULTS_SEED ?? 20_251_121),
      nodes: 5,
      viewTimeoutMs: 2000,
      scale: SHORT_SCALE,
      plan: PLAN,
      l1: DEFAULT_L1,
      loadRate: 5,
      keepLogs: false,
      progress: (line) => {
        if (process.env.FAULTS_VERBOSE === '1') process.stderr.write(`${line}\n`);
      },
    });
    if (process.env.FAULTS_VERBOSE === '1') process.stderr.write(`${JSON.stringify(report, null, 2)}\n`);
  }, 480_000);

  const fault = (kind: FaultKind) => {
    const record = report.details.faults.find((f) => f.kind === kind);
    if (!record) throw new Error(`${kind} did not run (logs in ${report.logs})`);
    return record;
  };

  it.each(PLAN)('%s heals: every node decides again and the fault’s own checks hold', (kind) => {
    const record = fault(kind);
    expect({ kind, violations: record.violations, logs: report.logs }).toEqual({
      kind,
      violations: [],
      logs: report.logs,
    });
    expect(record.recoveryMs).toBeGreaterThan(0);
  });

  it('keeps one chain: no two header commitments at one height on any node', () => {
    expect(report.details.forks).toEqual([]);
    expect(report.heights.decided).toBeGreaterThan(PLAN.length);
  });

  it('decides every acknowledged transaction exactly once, unless the node that took it stopped', () => {
    expect(report.details.duplicated).toEqual([]);
    expect(report.details.resequenced).toEqual([]);
    expect(report.details.lost).toEqual([]);
    expect(report.transactions.acknowledged).toBeGreaterThan(50);
    expect(report.transactions.decided).toBeGreaterThan(report.transactions.acknowledged / 2);
  });

  it('ends with every node caught up and every decided block served by some node', () => {
    expect(report.details.final).toEqual([]);
  });

  it('posts every height to HotShot.sol and the rollup once, in order, with the decided commitments, keeping up', () => {
    expect(report.details.l1).toEqual([]);
    expect(report.l1).toBeDefined();
  });

  it('sees no process exit that the harness did not cause', () => {
    expect(report.details.crashes).toEqual([]);
  });
});
