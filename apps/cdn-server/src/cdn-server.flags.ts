import { consensusConfigFlags, intFlag, optionalIntFlag, stringFlag } from '@hotshot/config';

/** Flags of `cdn-server`: where to listen, how many nodes to wait for, and the config it hands out. */
export const cdnServerFlags = {
  port: intFlag({
    short: 'p',
    env: 'CDN_PORT',
    description: 'TCP port the broker listens on for nodes.',
    default: 50000,
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
  nodes: intFlag({
    short: 'n',
    env: 'CDN_NODES',
    description: 'Number of distinct node keys to wait for before the network starts.',
    min: 1,
    max: 10_000,
    placeholder: '<count>',
  }),
  host: stringFlag({
    env: 'CDN_HOST',
    description: 'Address the broker binds to.',
    default: '127.0.0.1',
    placeholder: '<address>',
  }),
  'data-dir': stringFlag({
    env: 'CDN_DATA_DIR',
    description: 'Directory that keeps the roster across restarts.',
    default: './data/cdn',
    placeholder: '<dir>',
  }),
  'metrics-port': optionalIntFlag({
    env: 'CDN_METRICS_PORT',
    description: 'Port for Prometheus metrics at /metrics (off when unset).',
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
  ...consensusConfigFlags,
} as const;
