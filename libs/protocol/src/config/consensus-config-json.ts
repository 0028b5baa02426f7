import { Type, type SchemaOptions, type Static } from '@sinclair/typebox';
import { DecimalStringJson } from '../json/json-strings';
import type { ConsensusConfig } from './consensus-config';

/** A whole number of milliseconds, bytes or items: a non-negative safe integer. */
const Count = (options: SchemaOptions = {}) =>
  Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, ...options });

/**
 * The one JSON shape of a ConsensusConfig, wherever it crosses a boundary: the broker's roster file, the network
 * definition in Redis, and the sequencer API's `/v0/config/hotshot`. The chain id is a decimal string (at most 78
 * digits, a uint256, so a hand-edited file cannot make a huge BigInt); the flags that set it allow a uint64.
 */
export const ConsensusConfigSchema = Type.Object({
  chainId: DecimalStringJson({ description: 'uint64 as a decimal string' }),
  viewTimeoutMs: Count(),
  timeoutRatio: Type.Number({ minimum: 0 }),
  daCommitteeSize: Count({ description: '0 means every node' }),
  maxTxBytes: Count(),
  maxBlockBytes: Count(),
  maxBlockTxs: Count(),
  startDelayMs: Count(),
});
export type ConsensusConfigJson = Static<typeof ConsensusConfigSchema>;

/** The config of a decoded ConsensusConfigJson; fields the schema does not name are dropped. */
export function consensusConfigFromJson(json: ConsensusConfigJson): ConsensusConfig {
  return {
    chainId: BigInt(json.chainId),
    viewTimeoutMs: json.viewTimeoutMs,
    timeoutRatio: json.timeoutRatio,
    daCommitteeSize: json.daCommitteeSize,
    maxTxBytes: json.maxTxBytes,
    maxBlockBytes: json.maxBlockBytes,
    maxBlockTxs: json.maxBlockTxs,
    startDelayMs: json.startDelayMs,
  };
}

/** The JSON form of `config`: the chain id as a decimal string; only the fields of ConsensusConfig are written. */
export function consensusConfigToJson(config: ConsensusConfig): ConsensusConfigJson {
  return {
    chainId: config.chainId.toString(),
    viewTimeoutMs: config.viewTimeoutMs,
    timeoutRatio: config.timeoutRatio,
    daCommitteeSize: config.daCommitteeSize,
    maxTxBytes: config.maxTxBytes,
    maxBlockBytes: config.maxBlockBytes,
    maxBlockTxs: config.maxBlockTxs,
    startDelayMs: config.startDelayMs,
  };
}
