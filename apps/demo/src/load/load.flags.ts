import { enumFlag, intFlag, numberFlag, stringFlag } from '@hotshot/config';

/** Flags of `hotshot-demo load`. */
export const loadFlags = {
  'sequencer-urls': stringFlag({
    env: 'LOAD_SEQUENCER_URLS',
    description: 'Comma-separated node APIs to submit to, round robin; the first also measures decide latency.',
    placeholder: '<url,url,...>',
  }),
  namespace: intFlag({
    env: 'LOAD_NAMESPACE',
    description: "The rollup's namespace: signed EVM transactions go there.",
    default: 1,
    min: 0,
    max: 0xffffffff,
  }),
  rate: numberFlag({
    env: 'LOAD_RATE',
    description: 'Rollup transactions per second.',
    default: 10,
    min: 0,
    max: 100_000,
  }),
  'other-namespaces': stringFlag({
    env: 'LOAD_OTHER_NAMESPACES',
    description: 'Comma-separated namespaces of other rollups, which get opaque payloads (empty: none).',
    default: '2,3',
    placeholder: '<ns,ns,...>',
  }),
  'other-rate': numberFlag({
    env: 'LOAD_OTHER_RATE',
    description: 'Transactions per second spread over the other namespaces.',
    default: 2,
    min: 0,
    max: 100_000,
  }),
  'rollup-chain-id': intFlag({
    env: 'LOAD_ROLLUP_CHAIN_ID',
    description: "Chain id the rollup's transactions are signed for.",
    default: 1001,
    min: 1,
    max: 2 ** 32,
  }),
  'report-every-ms': intFlag({
    env: 'LOAD_REPORT_EVERY_MS',
    description: 'Milliseconds between progress lines.',
    default: 2000,
    min: 100,
    max: 600_000,
  }),
  'log-level': enumFlag({
    env: 'LOAD_LOG_LEVEL',
    description: 'Least severe log level written to stdout.',
    default: 'info',
    values: ['debug', 'info', 'warn', 'error'] as const,
  }),
} as const;
