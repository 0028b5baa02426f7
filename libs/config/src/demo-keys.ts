import { ConfigError } from './config-error';

/** The chain id of anvil, the local L1 the demo runs: the only L1 demo keys are meant for. */
export const ANVIL_CHAIN_ID = 31337;

/** What a binary logs with (a structured logger's warn). */
export interface WarnLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** --key-seed (or another seed flag) on an L1 other than anvil's, without --allow-demo-keys. */
export class DemoKeysRefusedError extends ConfigError {
  override name = 'DemoKeysRefusedError';
  constructor(flag: string, l1ChainId: number) {
    super(
      `${flag} derives public, well-known demo keys; L1 chain ${l1ChainId} is not anvil's (${ANVIL_CHAIN_ID}): ` +
        'use real keys, or add --allow-demo-keys if you mean it',
      { flag, l1ChainId },
    );
  }
}

/**
 * Logs, at start, that keys come from a demo seed: anyone who knows the seed (every demo's is public) can sign with
 * them. Does nothing when `seed` is undefined. Never logs the seed.
 */
export function warnIfDemoKeys(log: WarnLogger, flag: string, seed: string | undefined): void {
  if (seed === undefined) return;
  log.warn('demo keys in use: anyone who knows the seed can sign with them; never outside a local demo', { flag });
}

/**
 * Refuses demo keys (`seed` defined) when the L1 is not anvil's, unless the operator allowed them explicitly.
 * Throws DemoKeysRefusedError, a usage error (exit 2).
 */
export function assertDemoKeysAllowed(
  flag: string,
  seed: string | undefined,
  l1ChainId: number,
  allowDemoKeys: boolean,
): void {
  if (seed !== undefined && l1ChainId !== ANVIL_CHAIN_ID && !allowDemoKeys) {
    throw new DemoKeysRefusedError(flag, l1ChainId);
  }
}
