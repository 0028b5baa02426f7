import { enumFlag, intFlag, urlFlag } from '@hotshot/config';
import { l1WriterFlags } from '@hotshot/rollup-bridge';

const writer = l1WriterFlags('ADAPTOR', 'the contract addresses');

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
  ...writer.l1,
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
  ...writer.ops,
} as const;
