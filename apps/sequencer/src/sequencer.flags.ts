import {
  booleanFlag,
  enumFlag,
  intFlag,
  optionalIntFlag,
  optionalStringFlag,
  stringFlag,
  urlFlag,
} from '@hotshot/config';

/** Flags of `sequencer`: where the CDN is, which key to use, where to keep data and serve the API. */
export const sequencerFlags = {
  'cdn-url': urlFlag({
    env: 'SEQUENCER_CDN_URL',
    description: 'The CDN broker, or the marshal of a scale-out CDN, to join.',
    protocols: ['tcp:'],
    placeholder: '<tcp://host:port>',
  }),
  'data-dir': stringFlag({
    env: 'SEQUENCER_DATA_DIR',
    description: 'Directory for the consensus safety store and the decided chain.',
    default: './data/sequencer',
    placeholder: '<dir>',
  }),
  storage: stringFlag({
    env: 'SEQUENCER_STORAGE',
    description: 'Where decided data and the safety state live: sqlite (a file in --data-dir) or a postgres:// URL.',
    default: 'sqlite',
    placeholder: '<sqlite|postgres://...>',
  }),
  'retention-blocks': optionalIntFlag({
    env: 'SEQUENCER_RETENTION_BLOCKS',
    description: 'Keep only the newest N decided blocks; older ones are pruned (the API answers 410 for them).',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    placeholder: '<blocks>',
  }),
  'retention-age': optionalIntFlag({
    env: 'SEQUENCER_RETENTION_AGE',
    description: 'Prune decided blocks older than this many seconds (by header timestamp).',
    min: 1,
    max: 100 * 365 * 24 * 3600,
    placeholder: '<seconds>',
  }),
  archive: booleanFlag({
    env: 'SEQUENCER_ARCHIVE',
    description: 'Keep every decided block (the default when no retention is set); refuses retention flags.',
  }),
  'warm-start-gap': intFlag({
    env: 'SEQUENCER_WARM_START_GAP',
    description:
      'A node further behind than this many heights adopts a proven-decided leaf near the tip instead of fetching every block.',
    default: 256,
    min: 1,
    max: 1_000_000,
    placeholder: '<heights>',
  }),
  'warm-start-history': intFlag({
    env: 'SEQUENCER_WARM_START_HISTORY',
    description: 'Headers below the adopted leaf a warm start loads before the node votes.',
    default: 256,
    min: 1,
    max: 1_000_000,
    placeholder: '<heights>',
  }),
  'key-file': optionalStringFlag({
    env: 'SEQUENCER_KEY_FILE',
    description: 'JSON key file with the BLS secret key (mode 0600).',
    placeholder: '<path>',
  }),
  'key-seed': optionalStringFlag({
    env: 'SEQUENCER_KEY_SEED',
    description: 'Demo only: derive the key from this seed and --key-index.',
    placeholder: '<seed>',
  }),
  'key-index': optionalIntFlag({
    env: 'SEQUENCER_KEY_INDEX',
    description: 'Demo only: index of the derived key.',
    min: 0,
    max: 1_000_000,
    placeholder: '<index>',
  }),
  'api-port': intFlag({
    env: 'SEQUENCER_API_PORT',
    description: 'Port of the HTTP API.',
    default: 50001,
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
  'api-host': stringFlag({
    env: 'SEQUENCER_API_HOST',
    description: 'Address the HTTP API binds to.',
    default: '127.0.0.1',
    placeholder: '<address>',
  }),
  'mempool-max-txs': intFlag({
    env: 'SEQUENCER_MEMPOOL_MAX_TXS',
    description: 'Most transactions waiting in the mempool; submissions beyond get 503.',
    default: 100_000,
    min: 1,
    max: 10_000_000,
  }),
  'mempool-max-bytes': intFlag({
    env: 'SEQUENCER_MEMPOOL_MAX_BYTES',
    description: 'Most payload bytes waiting in the mempool; submissions beyond get 503.',
    default: 256 * 1024 * 1024,
    min: 1024,
    max: 16 * 1024 * 1024 * 1024,
  }),
  'log-level': enumFlag({
    env: 'SEQUENCER_LOG_LEVEL',
    description: 'Least severe log level written to stdout.',
    default: 'info',
    values: ['debug', 'info', 'warn', 'error'] as const,
  }),
  'metrics-port': optionalIntFlag({
    env: 'SEQUENCER_METRICS_PORT',
    description: 'Port for Prometheus metrics at /metrics (the API also serves /v0/status/metrics).',
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
} as const;
