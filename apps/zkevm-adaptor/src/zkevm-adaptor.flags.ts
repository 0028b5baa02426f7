import { enumFlag, intFlag, optionalStringFlag, stringFlag, urlFlag } from '@hotshot/config';

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
    description: 'File holding the hex private key of the L1 account that posts.',
    placeholder: '<path>',
  }),
  deployment: stringFlag({
    env: 'ADAPTOR_DEPLOYMENT',
    description: 'Deployment JSON with the contract addresses.',
    default: './deployment.json',
    placeholder: '<path>',
  }),
} as const;
