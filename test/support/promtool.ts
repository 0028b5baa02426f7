import { spawnSync } from 'node:child_process';

/** How to get promtool where it is missing; CI (.ci/run) installs it the same way. */
export const PROMTOOL_INSTALL_HINT =
  "promtool is not on PATH: install Debian's prometheus package (apt-get install -y --no-install-recommends prometheus), as .ci/run does";

/** What `promtool check metrics` said of one exposition: its exit code and everything it printed. */
export interface PromtoolVerdict {
  readonly code: number | null;
  readonly output: string;
}

/**
 * Pipes Prometheus exposition text into `promtool check metrics` (Prometheus's own linter: counters end in
 * `_total`, other types do not, base units, snake_case names, help on every family). Throws, naming how to install
 * it, when promtool is missing: the check is part of the suite, not optional. `env` is the child's environment.
 */
export function promtoolCheckMetrics(exposition: string, env: NodeJS.ProcessEnv = process.env): PromtoolVerdict {
  const result = spawnSync('promtool', ['check', 'metrics'], {
    input: exposition,
    encoding: 'utf8',
    env,
    timeout: 30_000,
  });
  if (result.error) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(PROMTOOL_INSTALL_HINT);
    throw result.error;
  }
  return { code: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}
