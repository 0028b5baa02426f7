import { ConfigError } from './config-error';

/** One command-line flag with its environment twin, default and help text. */
export interface FlagDef<T> {
  /** Short form without the dash, e.g. `p` for `-p`. */
  readonly short?: string;
  /** The environment variable that supplies the value when the flag is absent. */
  readonly env: string;
  /** One line for `--help`. */
  readonly description: string;
  /** Placeholder shown in `--help`, e.g. `<port>`; empty for boolean switches. */
  readonly placeholder: string;
  /** Used when neither the flag nor its environment variable is set; `undefined` makes the flag required. */
  readonly default: T | undefined;
  /** When true, a missing value is allowed and yields `undefined`. */
  readonly optional: boolean;
  /** Whether the flag takes no value (`--archive`). */
  readonly isSwitch: boolean;
  /** Turns the raw string into a value or throws a ConfigError naming the flag. */
  parse(raw: string, source: string): T;
}

interface CommonOptions<T> {
  readonly short?: string;
  readonly env: string;
  readonly description: string;
  readonly default?: T;
}

function define<T>(
  options: CommonOptions<T> & { optional?: boolean },
  placeholder: string,
  parse: (raw: string, source: string) => T,
  isSwitch = false,
): FlagDef<T> {
  return {
    short: options.short,
    env: options.env,
    description: options.description,
    placeholder,
    default: options.default,
    optional: options.optional ?? false,
    isSwitch,
    parse,
  };
}

/** A free-form string. */
export function stringFlag(options: CommonOptions<string> & { placeholder?: string }): FlagDef<string> {
  return define(options, options.placeholder ?? '<string>', (raw) => raw);
}

/** A string that may be left unset. */
export function optionalStringFlag(
  options: Omit<CommonOptions<string>, 'default'> & { placeholder?: string },
): FlagDef<string | undefined> {
  return define<string | undefined>({ ...options, optional: true }, options.placeholder ?? '<string>', (raw) => raw);
}

/** A whole number within [min, max]. */
export function intFlag(
  options: CommonOptions<number> & { min?: number; max?: number; placeholder?: string },
): FlagDef<number> {
  const min = options.min ?? Number.MIN_SAFE_INTEGER;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  return define(options, options.placeholder ?? '<int>', (raw, source) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${source} must be a whole number`, { value: raw });
    const value = Number(raw.trim());
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new ConfigError(`${source} must be between ${min} and ${max}`, { value: raw });
    }
    return value;
  });
}

/** An optional whole number within [min, max]. */
export function optionalIntFlag(
  options: Omit<CommonOptions<number>, 'default'> & { min?: number; max?: number; placeholder?: string },
): FlagDef<number | undefined> {
  const inner = intFlag(options);
  return { ...inner, optional: true, default: undefined } as FlagDef<number | undefined>;
}

/** A finite number within [min, max]. */
export function numberFlag(
  options: CommonOptions<number> & { min?: number; max?: number; placeholder?: string },
): FlagDef<number> {
  const min = options.min ?? -Infinity;
  const max = options.max ?? Infinity;
  return define(options, options.placeholder ?? '<number>', (raw, source) => {
    const value = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(value))
      throw new ConfigError(`${source} must be a number`, { value: raw });
    if (value < min || value > max)
      throw new ConfigError(`${source} must be between ${min} and ${max}`, { value: raw });
    return value;
  });
}

/** A switch: present means true; the environment twin takes true/false/1/0. */
export function booleanFlag(
  options: Omit<CommonOptions<boolean>, 'default'> & { default?: boolean },
): FlagDef<boolean> {
  return define(
    { ...options, default: options.default ?? false },
    '',
    (raw, source) => {
      const normalized = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(normalized)) return true;
      if (['0', 'false', 'no', 'off', ''].includes(normalized)) return false;
      throw new ConfigError(`${source} must be true or false`, { value: raw });
    },
    true,
  );
}

/** One of a fixed set of strings. */
export function enumFlag<const V extends string>(options: CommonOptions<V> & { values: readonly V[] }): FlagDef<V> {
  return define(options, `<${options.values.join('|')}>`, (raw, source) => {
    if (!(options.values as readonly string[]).includes(raw)) {
      throw new ConfigError(`${source} must be one of ${options.values.join(', ')}`, { value: raw });
    }
    return raw as V;
  });
}

/** A URL whose scheme is one of `protocols` (e.g. `['tcp:']`). */
export function urlFlag(
  options: CommonOptions<string> & { protocols: readonly string[]; placeholder?: string },
): FlagDef<string> {
  return define(options, options.placeholder ?? '<url>', (raw, source) => parseUrl(raw, source, options.protocols));
}

/** An optional URL whose scheme is one of `protocols`. */
export function optionalUrlFlag(
  options: Omit<CommonOptions<string>, 'default'> & { protocols: readonly string[]; placeholder?: string },
): FlagDef<string | undefined> {
  return define<string | undefined>({ ...options, optional: true }, options.placeholder ?? '<url>', (raw, source) =>
    parseUrl(raw, source, options.protocols),
  );
}

function parseUrl(raw: string, source: string, protocols: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new ConfigError(`${source} is not a valid URL`, { value: raw }, cause);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${source} must use ${protocols.join(' or ')}`, { value: raw });
  }
  return raw;
}
