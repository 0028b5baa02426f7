import { replayCommand, runSeeds } from './sim-runner';

/** Seeds CI runs on every test run; `npm run sim` runs as many more as wanted from any start. */
const SEEDS = 1_000;

describe('randomized fault scenarios', () => {
  it(`stay safe and live for ${SEEDS} seeds (crashes, restarts, Byzantine nodes, lossy partitioned network)`, () => {
    const { ran, failure } = runSeeds(1, SEEDS);
    if (failure) {
      throw new Error(
        `seed ${failure.seed} failed: ${JSON.stringify(failure.violations[0])}\nreplay: ${replayCommand(failure.seed)}`,
      );
    }
    expect(ran).toBe(SEEDS);
  });
});
