import { enumFlag, intFlag, optionalIntFlag, optionalStringFlag, stringFlag, urlFlag } from '@hotshot/config';

/** Flags of `hotshot-poster`: which node to read certificates from and where HotShot.sol is. */
export const hotshotPosterFlags = {
  'sequencer-url': urlFlag({
    env: 'POSTER_SEQUENCER_URL',
    description: "A sequencer node's HTTP API (finality certificates and headers).",
    protocols: ['http:', 'https:'],
  }),
  'l1-url': urlFlag({
    env: 'POSTER_L1_URL',
    description: 'L1 JSON-RPC endpoint.',
    protocols: ['http:', 'https:', 'ws:', 'wss:'],
  }),
  'l1-key-file': optionalStringFlag({
    env: 'POSTER_L1_KEY_FILE',
    description: 'File holding the hex private key of the L1 account that posts (or set POSTER_L1_KEY).',
    placeholder: '<path>',
  }),
  'l1-key': optionalStringFlag({
    env: 'POSTER_L1_KEY',
    description: 'Hex private key of the L1 account; prefer the variable to the flag, which ps shows.',
    placeholder: '<hex>',
  }),
  deployment: stringFlag({
    env: 'POSTER_DEPLOYMENT',
    description: 'Deployment JSON with the HotShot.sol address (written by the deploy step).',
    default: './deployment.json',
    placeholder: '<path>',
  }),
  'max-headers': intFlag({
    env: 'POSTER_MAX_HEADERS',
    description: 'Most headers per newBlocks call; halves by itself while a call exceeds --max-gas.',
    default: 200,
    min: 1,
    max: 767,
  }),
  'max-gas': intFlag({
    env: 'POSTER_MAX_GAS',
    description: 'Most gas one newBlocks call may use (keep it well under the L1 block gas limit).',
    default: 10_000_000,
    min: 100_000,
    max: 1_000_000_000,
  }),
  'poll-interval-ms': intFlag({
    env: 'POSTER_POLL_INTERVAL_MS',
    description: 'Milliseconds between looks for a new certificate when there is nothing to post.',
    default: 1000,
    min: 10,
    max: 600_000,
  }),
  'metrics-port': optionalIntFlag({
    env: 'POSTER_METRICS_PORT',
    description: 'Port for /metrics (Prometheus) and /healthz (off when unset).',
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
  'metrics-host': stringFlag({
    env: 'POSTER_METRICS_HOST',
    description: 'Address the metrics server binds to.',
    default: '127.0.0.1',
    placeholder: '<address>',
  }),
  'log-level': enumFlag({
    env: 'POSTER_LOG_LEVEL',
    description: 'Least severe log level written to stdout.',
    default: 'info',
    values: ['debug', 'info', 'warn', 'error'] as const,
  }),
} as const;
