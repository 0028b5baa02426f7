/*
 * Test support: the deterministic simulator, its scenarios, the fake crypto and the scripted cluster. Exported
 * through @hotshot/consensus so benchmarks and other libraries' tests can drive consensus without BLS costs;
 * nothing here is used by the core itself.
 */
export { FakeKeyRing } from './fake-crypto';
export { Prng } from './prng';
export { randomScenario, RANDOM_MIN_HEIGHTS_AFTER_GST } from './random-scenario';
export { baseScenario, SCENARIOS } from './scenarios';
export { ScriptedCluster, effectsOf, T0 } from './scripted-cluster';
export { replayCommand, runSeeds, runSimCli } from './sim-runner';
export { runSimulation } from './simulator';
export type {
  ByzantineBehavior,
  CrashRestart,
  NetworkModel,
  NodeRole,
  Partition,
  SimulationConfig,
  SimulationResult,
  SimulationStats,
  Violation,
} from './sim-types';
