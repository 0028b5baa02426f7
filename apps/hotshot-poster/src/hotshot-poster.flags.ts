import { intFlag, urlFlag } from '@hotshot/config';
import { l1WriterFlags } from '@hotshot/rollup-bridge';

const writer = l1WriterFlags('POSTER', 'the HotShot.sol address');

/** Flags of `hotshot-poster`: which node to read certificates from and where HotShot.sol is. */
export const hotshotPosterFlags = {
  'sequencer-url': urlFlag({
    env: 'POSTER_SEQUENCER_URL',
    description: "A sequencer node's HTTP API (finality certificates and headers).",
    protocols: ['http:', 'https:'],
  }),
  ...writer.l1,
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
  ...writer.ops,
} as const;
