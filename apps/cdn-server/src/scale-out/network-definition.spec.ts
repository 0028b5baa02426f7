import { randomBytes } from 'node:crypto';
import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import Redis from 'ioredis';
import { defineNetwork, readNetwork } from './network-definition';
import { RedisKeys } from './redis-keys';
import { NetworkDefinitionCorruptError } from './scale-out-errors';

// A real Redis, as the scale-out tests use (`.ci/run` starts one); each test works under a prefix of its own.
const REDIS_URL = process.env.CDN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const config = { ...DEFAULT_CONSENSUS_CONFIG, chainId: 2n ** 63n + 5n };
const stored = () => ({
  version: 1,
  expectedNodes: 5,
  config: { ...config, chainId: config.chainId.toString() },
});

describe('the network definition in Redis', () => {
  let redis: Redis;
  let keys: RedisKeys;
  beforeAll(() => (redis = new Redis(REDIS_URL)));
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(() => (keys = new RedisKeys(`test-network-${randomBytes(6).toString('hex')}`)));
  afterEach(() => redis.del(keys.network));

  it('is read back as it was defined, with a bigint chain id', async () => {
    expect(await readNetwork(redis, keys)).toBeUndefined();
    await defineNetwork(redis, keys, { expectedNodes: 5, config });
    expect(await readNetwork(redis, keys)).toEqual({ expectedNodes: 5, config });
  });

  it.each<[string, (json: Record<string, unknown>) => unknown, string]>([
    ['text that is not JSON', () => undefined, 'not valid JSON'],
    ['a wrong version', (json) => ({ ...json, version: 2 }), '/version'],
    ['a missing node count', ({ expectedNodes: _n, ...rest }) => rest, '/expectedNodes'],
    ['a node count as a string', (json) => ({ ...json, expectedNodes: '5' }), '/expectedNodes'],
    [
      'a config field of the wrong type',
      (json) => ({ ...json, config: { ...(json.config as object), maxTxBytes: '1' } }),
      '/config/maxTxBytes',
    ],
    ['the config nested once more', (json) => ({ ...json, config: { config: json.config } }), '/config/chainId'],
    [
      'a huge array for the config',
      (json) => ({ ...json, config: Array.from({ length: 100_000 }, () => 1) }),
      '/config',
    ],
    ['null', () => null, '(root)'],
  ])('is refused with a NetworkDefinitionCorruptError for %s, naming the field', async (_what, mutate, field) => {
    const json = mutate(stored());
    await redis.set(keys.network, json === undefined ? '{"version":' : JSON.stringify(json));
    const error = await readNetwork(redis, keys).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkDefinitionCorruptError);
    expect((error as Error).message).toContain(field);
  });

  it('refuses a corrupt definition when a marshal would define the network over it', async () => {
    await redis.set(keys.network, JSON.stringify({ ...stored(), expectedNodes: -1 }));
    await expect(defineNetwork(redis, keys, { expectedNodes: 5, config })).rejects.toThrow(
      NetworkDefinitionCorruptError,
    );
  });
});
