import { ConfigError, booleanFlag, intFlag, optionalIntFlag, optionalStringFlag, runCommand } from '@hotshot/config';
import { FAULT_KINDS, type FaultKind } from './scenarios/fault-types';
import { DEFAULT_L1, LONG_SCALE, SCALED_SEND_BUDGET, runFaultSession } from './session/fault-session';

/**
 * `npm run faults -- --minutes N`: a randomized fault session against real processes (cdn-server and sequencers
 * from dist/, or FAULTS_DIST_DIR). Progress goes to stderr as JSON lines, the report to stdout as one JSON object;
 * the exit code is 1 when an invariant broke.
 */
void runCommand(
  {
    name: 'faults',
    summary:
      'Fault session: crashes, restarts, broker restarts, partitions, delays, hostile members and input, stranger and member floods, oversized bodies, unsigned L2 transactions and a full disk against a live network, with invariants checked throughout; prints a JSON report.',
    examples: [
      'npm run faults -- --minutes 10',
      'FAULTS_DIST_DIR=/tmp/build/dist npm run faults -- --minutes 2 --seed 7',
    ],
  },
  {
    minutes: intFlag({
      env: 'FAULTS_MINUTES',
      description: 'Minutes of randomized faults.',
      default: 10,
      min: 0,
      max: 24 * 60,
    }),
    seed: optionalIntFlag({
      env: 'FAULTS_SEED',
      description: 'Seed of the schedule (random when unset).',
      min: 0,
      max: 2 ** 32 - 1,
    }),
    nodes: intFlag({ env: 'FAULTS_NODES', description: 'Sequencer nodes.', default: 5, min: 4, max: 16 }),
    'view-timeout-ms': intFlag({
      env: 'FAULTS_VIEW_TIMEOUT_MS',
      description: 'The network view timeout.',
      default: 2000,
      min: 200,
      max: 60_000,
    }),
    'load-rate': intFlag({
      env: 'FAULTS_LOAD_RATE',
      description: 'Transactions submitted per second.',
      default: 5,
      min: 0,
      max: 1000,
    }),
    'fuzz-frames': intFlag({
      env: 'FAULTS_FUZZ_FRAMES',
      description: 'Frames per frame-fuzz burst.',
      default: LONG_SCALE.fuzzFrames,
      min: 1,
      max: 10_000_000,
    }),
    'send-budget-bytes-per-second': intFlag({
      env: 'FAULTS_SEND_BUDGET_BYTES_PER_SECOND',
      description:
        "The broker's send budget per member (burst 8 MiB, cut after 2 s); 0 runs the cdn-server defaults (32 MiB/s, 16 MiB, 5 s).",
      default: SCALED_SEND_BUDGET,
      min: 0,
      max: 1024 * 1024 * 1024,
    }),
    kinds: optionalStringFlag({
      env: 'FAULTS_KINDS',
      description: `Comma-separated fault kinds (default all: ${FAULT_KINDS.join(', ')}).`,
    }),
    plan: optionalStringFlag({
      env: 'FAULTS_PLAN',
      description: 'Comma-separated fault kinds to run once each, in order, instead of the randomized schedule.',
    }),
    'without-l1': booleanFlag({
      env: 'FAULTS_WITHOUT_L1',
      description: 'Leave out the L1 side (anvil, contracts, hotshot-poster, zkevm-adaptor) and its faults.',
    }),
    'keep-logs': booleanFlag({ env: 'FAULTS_KEEP_LOGS', description: 'Keep the run folder even when nothing broke.' }),
  },
  async (flags) => {
    const kinds = parseKinds(flags.kinds);
    const plan = parseKinds(flags.plan);
    const seed = flags.seed ?? Math.floor(Math.random() * 2 ** 32);
    const report = await runFaultSession({
      minutes: flags.minutes,
      seed,
      nodes: flags.nodes,
      viewTimeoutMs: flags['view-timeout-ms'],
      scale: { ...LONG_SCALE, fuzzFrames: flags['fuzz-frames'] },
      ...(kinds ? { kinds } : {}),
      ...(plan ? { plan } : {}),
      loadRate: flags['load-rate'],
      ...(flags['send-budget-bytes-per-second'] === 0
        ? {}
        : { sendBudgetBytesPerSecond: flags['send-budget-bytes-per-second'] }),
      ...(flags['without-l1'] ? {} : { l1: DEFAULT_L1 }),
      keepLogs: flags['keep-logs'],
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (report.violations.length > 0) process.exitCode = 1;
  },
);

function parseKinds(list: string | undefined): FaultKind[] | undefined {
  const kinds = list?.split(',').map((k) => k.trim());
  for (const kind of kinds ?? []) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new ConfigError(`unknown fault kind ${kind}`);
  }
  return kinds as FaultKind[] | undefined;
}
