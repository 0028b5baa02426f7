import { randomBytes } from 'node:crypto';
import { demoKeyPair } from '@hotshot/crypto';
import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import Redis from 'ioredis';
import { defineNetwork, readNetwork, type NetworkStakeTable } from './network-definition';
import { RedisKeys } from './redis-keys';
import { NetworkDefinitionCorruptError, NetworkMismatchError } from './scale-out-errors';

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

  const l1StakeTable: NetworkStakeTable = {
    address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    l1Block: 120n,
    stakeTable: [3n, 2n].map((stake, i) => ({ publicKey: demoKeyPair('network-definition', i).publicKey, stake })),
  };

  it('keeps a stake table read from L1 with the network, stakes as bigints', async () => {
    await defineNetwork(redis, keys, { expectedNodes: 2, config, l1StakeTable });
    expect(await readNetwork(redis, keys)).toEqual({ expectedNodes: 2, config, l1StakeTable });
    // A second marshal that read the same table agrees.
    await expect(defineNetwork(redis, keys, { expectedNodes: 2, config, l1StakeTable })).resolves.toEqual({
      expectedNodes: 2,
      config,
      l1StakeTable,
    });
  });

  it('refuses a marshal whose table differs from the stored one, or that would switch between L1 and first-come', async () => {
    await defineNetwork(redis, keys, { expectedNodes: 2, config, l1StakeTable });
    const otherStake = {
      ...l1StakeTable,
      l1Block: 130n,
      stakeTable: [l1StakeTable.stakeTable[0]!, { ...l1StakeTable.stakeTable[1]!, stake: 1n }],
    };
    const restaked = await defineNetwork(redis, keys, { expectedNodes: 2, config, l1StakeTable: otherStake }).catch(
      (caught: unknown) => caught,
    );
    expect(restaked).toBeInstanceOf(NetworkMismatchError);
    expect((restaked as Error).message).toContain('stakeTable[1].stake (stored from L1 block 120)=2');
    expect((restaked as Error).message).toContain('=1');
    const firstCome = await defineNetwork(redis, keys, { expectedNodes: 2, config }).catch((caught: unknown) => caught);
    expect(firstCome).toBeInstanceOf(NetworkMismatchError);
    expect((firstCome as Error).message).toContain('first-come');
  });

  it('refuses a stored stake table whose size is not the node count', async () => {
    await defineNetwork(redis, keys, { expectedNodes: 2, config, l1StakeTable });
    const json = JSON.parse((await redis.get(keys.network))!) as Record<string, unknown>;
    await redis.set(keys.network, JSON.stringify({ ...json, expectedNodes: 3 }));
    await expect(readNetwork(redis, keys)).rejects.toThrow(/expectedNodes is not the size of l1StakeTable/);
  });

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
