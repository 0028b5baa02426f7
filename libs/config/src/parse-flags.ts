import { ConfigError } from './config-error';
import type { FlagDef } from './flag';

/** A command's flags, keyed by their long name (`cdn-url` for `--cdn-url`). */
export type FlagSpec = Readonly<Record<string, FlagDef<unknown>>>;

/** The parsed values of a spec, one property per long flag name. */
export type FlagValues<S extends FlagSpec> = { -readonly [K in keyof S]: S[K] extends FlagDef<infer T> ? T : never };

/** What the command line asked for: help, or a run with these values. */
export type ParsedCommandLine<S extends FlagSpec> =
  { readonly kind: 'help' } | { readonly kind: 'run'; readonly values: FlagValues<S> };

/**
 * Parses `argv` (without node and script) against `spec`, falling back to `env` and then to defaults.
 * Precedence: flag, then environment variable, then default. Unknown flags and stray arguments are errors.
 */
export function parseCommandLine<S extends FlagSpec>(
  spec: S,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedCommandLine<S> {
  const raw = new Map<string, { value: string; source: string }>();
  const byShort = new Map<string, string>();
  for (const [long, def] of Object.entries(spec)) if (def.short) byShort.set(def.short, long);

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
    } else if (arg.startsWith('-') && arg.length === 2) {
      name = byShort.get(arg.slice(1));
      if (!name) throw new ConfigError(`unknown flag ${arg}`, { hint: 'see --help' });
    } else {
      throw new ConfigError(`unexpected argument ${JSON.stringify(arg)}`, { hint: 'see --help' });
    }
    const def = spec[name];
    if (!def) throw new ConfigError(`unknown flag --${name}`, { hint: 'see --help' });
    let value: string;
    if (inline !== undefined) value = inline;
    else if (def.isSwitch) value = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new ConfigError(`--${name} needs a value ${def.placeholder}`);
      value = next;
      i++;
    }
    raw.set(name, { value, source: `--${name}` });
  }

  const values: Record<string, unknown> = {};
  for (const [long, def] of Object.entries(spec)) {
    const given = raw.get(long) ?? envValue(env, def.env);
    if (given) values[long] = def.parse(given.value, given.source);
    else if (def.default !== undefined || def.optional) values[long] = def.default;
    else throw new ConfigError(`--${long} is required (or set ${def.env})`);
  }
  return { kind: 'run', values: values as FlagValues<S> };
}

function envValue(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): { value: string; source: string } | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : { value, source: name };
}
