import { BaseError } from '@hotshot/protocol';
import { ConfigError } from './config-error';
import { formatHelp, type CommandInfo } from './format-help';
import { parseCommandLine, type FlagSpec, type FlagValues } from './parse-flags';

/** Exit codes shared by every binary. */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * Parses the process's command line against `spec` and hands the values to `main`.
 * `--help` prints the help and exits 0; a bad flag prints what is wrong and exits 2;
 * an error thrown by `main` is printed and exits 1. This is the one place a binary turns errors into exit codes.
 */
export async function runCommand<S extends FlagSpec>(
  info: CommandInfo,
  spec: S,
  main: (values: FlagValues<S>) => Promise<void>,
  argv: readonly string[] = process.argv.slice(2),
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<void> {
  let parsed;
  try {
    parsed = parseCommandLine(spec, argv, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${info.name}: ${error.message}\nRun '${info.name} --help' for the flags.\n`);
    process.exitCode = ExitCode.usage;
    return;
  }
  if (parsed.kind === 'help') {
    process.stdout.write(formatHelp(info, spec));
    process.exitCode = ExitCode.ok;
    return;
  }
  try {
    await main(parsed.values);
  } catch (error) {
    // Flags that parse alone but not together are found by main: the same usage error as a bad flag.
    if (error instanceof ConfigError) {
      process.stderr.write(`${info.name}: ${error.message}\nRun '${info.name} --help' for the flags.\n`);
      process.exitCode = ExitCode.usage;
      return;
    }
    const message =
      error instanceof BaseError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`${info.name}: ${message}\n`);
    process.exitCode = ExitCode.failure;
  }
}
