import { ConfigError } from './config-error';
import type { FlagDef } from './flag';

/** What a chain id flag says in `--help` and where its environment twin is. */
export interface ChainIdFlagOptions {
  readonly env: string;
  readonly description: string;
}

/** Parses a chain id: a whole decimal number below 2^64, as the digests bind it; throws ConfigError. */
function parseChainId(raw: string, source: string): bigint {
  const text = raw.trim();
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text) || BigInt(text) >= 2n ** 64n) {
    throw new ConfigError(`${source} must be a chain id (a whole number below 2^64)`, { value: raw });
  }
  return BigInt(text);
}

/** A required chain id (decimal, uint64). */
export function chainIdFlag(options: ChainIdFlagOptions): FlagDef<bigint> {
  return { ...options, placeholder: '<id>', default: undefined, optional: false, isSwitch: false, parse: parseChainId };
}

/** A chain id that may be left unset. */
export function optionalChainIdFlag(options: ChainIdFlagOptions): FlagDef<bigint | undefined> {
  return { ...options, placeholder: '<id>', default: undefined, optional: true, isSwitch: false, parse: parseChainId };
}
