import { enumFlag, intFlag, optionalIntFlag, optionalStringFlag, stringFlag, urlFlag } from '@hotshot/config';

/** Flags of `zkevm-adaptor`: which rollup namespace to follow and where to post it on L1. */
export const zkevmAdaptorFlags = {
  mode: enumFlag({
    env: 'ADAPTOR_MODE',
    description: 'basic posts full batches (phase I); offchain-da posts batch commitments (phase II).',
    default: 'basic',
    values: ['basic', 'offchain-da'] as const,
  }),
  namespace: intFlag({
    env: 'ADAPTOR_NAMESPACE',
    description: "The rollup's namespace id.",
    default: 1,
    min: 0,
    max: 0xffffffff,
    placeholder: '<uint32>',
  }),
  'sequencer-url': urlFlag({
    env: 'ADAPTOR_SEQUENCER_URL',
    description: "A sequencer node's HTTP API.",
    protocols: ['http:', 'https:'],
  }),
  'l1-url': urlFlag({
    env: 'ADAPTOR_L1_URL',
    description: 'L1 JSON-RPC endpoint.',
    protocols: ['http:', 'https:', 'ws:', 'wss:'],
  }),
  'l1-key-file': optionalStringFlag({
    env: 'ADAPTOR_L1_KEY_FILE',
    description: 'File holding the hex private key of the L1 account that posts (or set ADAPTOR_L1_KEY).',
    placeholder: '<path>',
  }),
  'l1-key': optionalStringFlag({
    env: 'ADAPTOR_L1_KEY',
    description: 'Hex private key of the L1 account; prefer the variable to the flag, which ps shows.',
    placeholder: '<hex>',
  }),
  deployment: stringFlag({
    env: 'ADAPTOR_DEPLOYMENT',
    description: 'Deployment JSON with the contract addresses (written by the deploy step).',
    default: './deployment.json',
    placeholder: '<path>',
  }),
  'max-batch-heights': intFlag({
    env: 'ADAPTOR_MAX_BATCH_HEIGHTS',
    description: 'Most HotShot heights per sequencing call; halves by itself while a call exceeds --max-gas.',
    default: 100,
    min: 1,
    max: 10_000,
  }),
  'max-batch-bytes': intFlag({
    env: 'ADAPTOR_MAX_BATCH_BYTES',
    description: 'Most calldata bytes (estimated) per sequencing call; a single larger height still goes alone.',
    default: 120_000,
    min: 1024,
    max: 100_000_000,
  }),
  'max-gas': intFlag({
    env: 'ADAPTOR_MAX_GAS',
    description: 'Most gas one sequencing call may use (keep it well under the L1 block gas limit).',
    default: 15_000_000,
    min: 100_000,
    max: 1_000_000_000,
  }),
  'poll-interval-ms': intFlag({
    env: 'ADAPTOR_POLL_INTERVAL_MS',
    description: 'Milliseconds between looks at L1 while waiting for HotShot.sol to hold the next height.',
    default: 1000,
    min: 10,
    max: 600_000,
  }),
  'metrics-port': optionalIntFlag({
    env: 'ADAPTOR_METRICS_PORT',
    description: 'Port for /metrics (Prometheus) and /healthz (off when unset).',
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
  'metrics-host': stringFlag({
    env: 'ADAPTOR_METRICS_HOST',
    description: 'Address the metrics server binds to.',
    default: '127.0.0.1',
    placeholder: '<address>',
  }),
  'log-level': enumFlag({
    env: 'ADAPTOR_LOG_LEVEL',
    description: 'Least severe log level written to stdout.',
    default: 'info',
    values: ['debug', 'info', 'warn', 'error'] as const,
  }),
} as const;
