import { BaseError } from '@hotshot/protocol';
import { randomScenario } from './random-scenario';
import { runSimulation } from './simulator';
import type { SimulationConfig, SimulationResult } from './sim-types';

/** A bad `npm run sim` argument. */
export class SimArgsError extends BaseError {
  override name = 'SimArgsError';
  constructor(reason: string) {
    super(`bad arguments: ${reason}`);
  }
}

/** The arguments of `npm run sim`. */
export interface SimArgs {
  readonly seeds: number;
  readonly startSeed: number;
  /** Print every event and effect (for replaying one seed). */
  readonly trace: boolean;
}

export const SIM_USAGE = `usage: npm run sim -- [--seeds N] [--start-seed S] [--trace]

Runs N random fault scenarios (seeds S .. S+N-1) through the deterministic consensus simulator and checks
safety, chain consistency, persist-before-send, no honest equivocation, no false accusation, and liveness
after GST. Stops at the first failure, prints its seed and the command that replays it exactly, exits 1.

  --seeds N        how many seeds to run (default 1000)
  --start-seed S   the first seed (default 1)
  --trace          print every event and effect of each run (use with --seeds 1)`;

/** Parses `npm run sim` arguments; throws SimArgsError. */
export function parseSimArgs(argv: readonly string[]): SimArgs {
  let seeds = 1_000;
  let startSeed = 1;
  let trace = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--trace') {
      trace = true;
      continue;
    }
    if (arg !== '--seeds' && arg !== '--start-seed') throw new SimArgsError(`unknown flag ${arg}`);
    const value = Number(argv[++i]);
    if (!Number.isSafeInteger(value) || value < (arg === '--seeds' ? 1 : 0) || value > 0xffff_ffff) {
      throw new SimArgsError(`${arg} needs an integer, got ${argv[i] ?? 'nothing'}`);
    }
    if (arg === '--seeds') seeds = value;
    else startSeed = value;
  }
  return { seeds, startSeed, trace };
}

/** The command that replays one seed exactly. */
export function replayCommand(seed: number): string {
  return `npm run sim -- --seeds 1 --start-seed ${seed} --trace`;
}

/** Options of runSeeds. */
export interface RunSeedsOptions {
  readonly trace?: (line: string) => void;
  readonly onProgress?: (ran: number) => void;
  /** The scenario of a seed (randomScenario by default). */
  readonly scenarioFor?: (seed: number) => SimulationConfig;
}

/** Runs random seeds in order until one fails; returns the failure, if any, and how many ran. */
export function runSeeds(
  startSeed: number,
  count: number,
  options: RunSeedsOptions = {},
): { ran: number; failure?: SimulationResult } {
  const scenarioFor = options.scenarioFor ?? randomScenario;
  for (let i = 0; i < count; i++) {
    const seed = startSeed + i;
    const result = runSimulation({ ...scenarioFor(seed), ...(options.trace ? { trace: options.trace } : {}) });
    if (!result.ok) return { ran: i + 1, failure: result };
    options.onProgress?.(i + 1);
  }
  return { ran: count };
}

/** `npm run sim`: prints JSON lines, returns the exit code (0 all passed, 1 a seed failed, 2 bad arguments). */
export function runSimCli(
  argv: readonly string[],
  print: (line: string) => void,
  scenarioFor: (seed: number) => SimulationConfig = randomScenario,
): number {
  let args: SimArgs;
  try {
    args = parseSimArgs(argv);
  } catch (error) {
    if (!(error instanceof SimArgsError)) throw error;
    print(error.message);
    print(SIM_USAGE);
    return 2;
  }
  const started = Date.now();
  const { ran, failure } = runSeeds(args.startSeed, args.seeds, {
    scenarioFor,
    ...(args.trace ? { trace: print } : {}),
    onProgress: (done) => {
      if (done % 1_000 === 0)
        print(JSON.stringify({ progress: done, of: args.seeds, elapsedMs: Date.now() - started }));
    },
  });
  if (failure) {
    print(
      JSON.stringify({
        failed: true,
        seed: failure.seed,
        violations: failure.violations,
        scenario: describeScenario(scenarioFor(failure.seed)),
        replay: replayCommand(failure.seed),
      }),
    );
    return 1;
  }
  print(JSON.stringify({ failed: false, seeds: ran, startSeed: args.startSeed, elapsedMs: Date.now() - started }));
  return 0;
}

/** A scenario as JSON-friendly data (bigints as strings, callbacks dropped). */
export function describeScenario(config: SimulationConfig): unknown {
  return JSON.parse(JSON.stringify(config, (_, value) => (typeof value === 'bigint' ? String(value) : value)));
}
