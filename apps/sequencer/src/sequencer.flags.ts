import { enumFlag, intFlag, optionalIntFlag, optionalStringFlag, stringFlag, urlFlag } from '@hotshot/config';

/** Flags of `sequencer`: where the CDN is, which key to use, where to keep data and serve the API. */
export const sequencerFlags = {
  'cdn-url': urlFlag({
    env: 'SEQUENCER_CDN_URL',
    description: 'The CDN broker to join.',
    protocols: ['tcp:'],
    placeholder: '<tcp://host:port>',
  }),
  'data-dir': stringFlag({
    env: 'SEQUENCER_DATA_DIR',
    description: 'Directory for the consensus safety store and the decided chain.',
    default: './data/sequencer',
    placeholder: '<dir>',
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
