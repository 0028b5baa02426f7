import {
  ConfigError,
  blsBackendFlag,
  chainIdFlag as chainIdFlagOf,
  enumFlag,
  intFlag,
  optionalIntFlag,
  optionalStringFlag,
  stringFlag,
  type FlagDef,
} from '@hotshot/config';

/** The environment variable a keystore password may come from; never a flag, which `ps` would show. */
export const SIGNER_KEYSTORE_PASSWORD_ENV = 'SIGNER_KEYSTORE_PASSWORD';

/** The signer's chain id (decimal, uint64 as the digests bind it). */
export function chainIdFlag(env: string): FlagDef<bigint> {
  return chainIdFlagOf({
    env,
    description: 'Chain id of the network this signer signs for; requests for any other chain are refused.',
  });
}

/** `--protection-db`: the double-sign record's SQLite file. */
export const protectionDbFlag = stringFlag({
  env: 'SIGNER_PROTECTION_DB',
  description:
    'SQLite file of the double-sign record (made if missing, bound to --chain-id); keep it with the keystores.',
  placeholder: '<path>',
});

/** Flags of `sequencer-signer` (serving). */
export const sequencerSignerFlags = {
  keystores: stringFlag({
    env: 'SIGNER_KEYSTORES',
    description:
      'Comma-separated EIP-2335 keystore files (mode 0600) this signer holds, all unlocked with one password.',
    placeholder: '<path[,path...]>',
  }),
  'keystore-password-file': optionalStringFlag({
    env: 'SIGNER_KEYSTORE_PASSWORD_FILE',
    description: `File holding the keystores' password (mode 0600; a trailing newline is ignored); or set ${SIGNER_KEYSTORE_PASSWORD_ENV}.`,
    placeholder: '<path>',
  }),
  'keystore-password': {
    env: SIGNER_KEYSTORE_PASSWORD_ENV,
    description: `The keystores' password, from the environment only (a flag would show in ps); or use --keystore-password-file.`,
    placeholder: '<password>',
    default: undefined,
    optional: true,
    isSwitch: false,
    parse(raw: string, source: string): string | undefined {
      if (source.startsWith('--')) {
        throw new ConfigError(
          `${source} would show the password in ps: set ${SIGNER_KEYSTORE_PASSWORD_ENV} or use --keystore-password-file`,
        );
      }
      return raw;
    },
  } satisfies FlagDef<string | undefined>,
  'chain-id': chainIdFlag('SIGNER_CHAIN_ID'),
  'protection-db': protectionDbFlag,
  'protection-retain': intFlag({
    env: 'SIGNER_PROTECTION_RETAIN',
    description:
      'Records kept per key and kind below its highest view or height; older ones are pruned (still refused, by watermark) at start and every 10 minutes.',
    default: 10_000,
    min: 100,
    max: 100_000_000,
  }),
  'client-secret-file': stringFlag({
    env: 'SIGNER_CLIENT_SECRET_FILE',
    description:
      'File (mode 0600) holding the secret clients share with this signer, at least 32 bytes; every request carries an HMAC under it.',
    placeholder: '<path>',
  }),
  host: stringFlag({
    env: 'SIGNER_HOST',
    description: 'Address the TCP transport binds to; keep it private (loopback or a private network).',
    default: '127.0.0.1',
    placeholder: '<address>',
  }),
  port: intFlag({
    env: 'SIGNER_PORT',
    description: 'TCP port for signing requests (@nestjs/microservices TCP transport).',
    default: 50100,
    min: 1,
    max: 65535,
    placeholder: '<port>',
  }),
  'auth-window-ms': intFlag({
    env: 'SIGNER_AUTH_WINDOW_MS',
    description: "How far a request's timestamp may be from this signer's clock, either way, in milliseconds.",
    default: 30_000,
    min: 1000,
    max: 600_000,
  }),
  'metrics-port': optionalIntFlag({
    env: 'SIGNER_METRICS_PORT',
    description: 'Port for /metrics (Prometheus) and /healthz (off when unset).',
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
  'metrics-host': stringFlag({
    env: 'SIGNER_METRICS_HOST',
    description: 'Address the metrics server binds to.',
    default: '127.0.0.1',
    placeholder: '<address>',
  }),
  'bls-backend': blsBackendFlag,
  'log-level': enumFlag({
    env: 'SIGNER_LOG_LEVEL',
    description: 'Least severe log level written to stdout.',
    default: 'info',
    values: ['debug', 'info', 'warn', 'error'] as const,
  }),
} as const;
