import { ConfigError } from './config-error';
import { DEFAULT_CONSENSUS_CONFIG, type ConsensusConfig } from '@hotshot/protocol';
import { intFlag, numberFlag, stringFlag } from './flag';
import type { FlagValues } from './parse-flags';

const d = DEFAULT_CONSENSUS_CONFIG;

/** Flags for every ConsensusConfig field, as the cdn-server hands them out. */
export const consensusConfigFlags = {
  'chain-id': stringFlag({
    env: 'HOTSHOT_CHAIN_ID',
    description: 'Chain id bound into every signature.',
    default: d.chainId.toString(),
    placeholder: '<uint64>',
  }),
  'view-timeout-ms': intFlag({
    env: 'HOTSHOT_VIEW_TIMEOUT_MS',
    description: 'Milliseconds a node waits for a proposal before timing out a view.',
    default: d.viewTimeoutMs,
    min: 50,
    max: 600_000,
  }),
  'timeout-ratio': numberFlag({
    env: 'HOTSHOT_TIMEOUT_RATIO',
    description: 'Growth factor of the view timeout after each consecutive failed view.',
    default: d.timeoutRatio,
    min: 1,
    max: 10,
  }),
  'da-committee-size': intFlag({
    env: 'HOTSHOT_DA_COMMITTEE_SIZE',
    description: 'Size of the data-availability committee; 0 means every node.',
    default: d.daCommitteeSize,
    min: 0,
    max: 10_000,
  }),
  'max-tx-bytes': intFlag({
    env: 'HOTSHOT_MAX_TX_BYTES',
    description: 'Largest transaction payload accepted, in bytes.',
    default: d.maxTxBytes,
    min: 1,
    max: 64 * 1024 * 1024,
  }),
  'max-block-bytes': intFlag({
    env: 'HOTSHOT_MAX_BLOCK_BYTES',
    description: 'Largest block payload, in bytes.',
    default: d.maxBlockBytes,
    min: 1,
    max: 256 * 1024 * 1024,
  }),
  'max-block-txs': intFlag({
    env: 'HOTSHOT_MAX_BLOCK_TXS',
    description: 'Most transactions in one block.',
    default: d.maxBlockTxs,
    min: 1,
    max: 1_000_000,
  }),
  'start-delay-ms': intFlag({
    env: 'HOTSHOT_START_DELAY_MS',
    description: 'Milliseconds between the last node joining and view 1.',
    default: d.startDelayMs,
    min: 0,
    max: 600_000,
  }),
} as const;

/** Builds a ConsensusConfig from parsed consensus flags, checking what single flags cannot. */
export function consensusConfigFromFlags(values: FlagValues<typeof consensusConfigFlags>): ConsensusConfig {
  const chainIdText = values['chain-id'];
  if (!/^\d+$/.test(chainIdText) || BigInt(chainIdText) >= 2n ** 64n) {
    throw new ConfigError('--chain-id must be an unsigned 64-bit integer', { value: chainIdText });
  }
  if (values['max-tx-bytes'] > values['max-block-bytes']) {
    throw new ConfigError('--max-tx-bytes must not exceed --max-block-bytes', {
      maxTxBytes: values['max-tx-bytes'],
      maxBlockBytes: values['max-block-bytes'],
    });
  }
  return {
    chainId: BigInt(chainIdText),
    viewTimeoutMs: values['view-timeout-ms'],
    timeoutRatio: values['timeout-ratio'],
    daCommitteeSize: values['da-committee-size'],
    maxTxBytes: values['max-tx-bytes'],
    maxBlockBytes: values['max-block-bytes'],
    maxBlockTxs: values['max-block-txs'],
    startDelayMs: values['start-delay-ms'],
  };
}
