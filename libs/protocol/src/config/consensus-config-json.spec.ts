import { jsonSchema } from '../json/json-schema';
import { DEFAULT_CONSENSUS_CONFIG } from './consensus-config';
import { ConsensusConfigSchema, consensusConfigFromJson, consensusConfigToJson } from './consensus-config-json';

const decoder = jsonSchema(ConsensusConfigSchema);

describe('the consensus config as JSON', () => {
  it('round-trips a config with a chain id beyond a JSON number, writing only the config fields', () => {
    const config = { ...DEFAULT_CONSENSUS_CONFIG, chainId: 2n ** 64n - 1n, extra: 'runtime only' };
    const json = consensusConfigToJson(config);
    expect(json.chainId).toBe('18446744073709551615');
    expect(Object.keys(json)).not.toContain('extra');
    expect(consensusConfigFromJson(decoder.parse(JSON.stringify(json), 'config'))).toEqual({
      ...DEFAULT_CONSENSUS_CONFIG,
      chainId: 2n ** 64n - 1n,
    });
  });

  it.each([
    ['a chain id as a number', { chainId: 5 }, '/chainId'],
    ['a chain id of 79 digits', { chainId: '9'.repeat(79) }, '/chainId'],
    ['a fractional view timeout', { viewTimeoutMs: 1.5 }, '/viewTimeoutMs'],
    ['a negative timeout ratio', { timeoutRatio: -1 }, '/timeoutRatio'],
    ['a missing field', { startDelayMs: undefined }, '/startDelayMs'],
  ])('refuses %s', (_name, change, path) => {
    const json = { ...consensusConfigToJson(DEFAULT_CONSENSUS_CONFIG), ...change };
    const result = decoder.check(JSON.parse(JSON.stringify(json)));
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual([path]);
  });
});
