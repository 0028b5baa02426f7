import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { Hex } from 'viem';
import { RedisKeys } from './redis-keys';
import { RedisRoster } from './redis-roster';

// A real Redis, as the scale-out tests use (`.ci/run` starts one); each test works under a prefix of its own.
const REDIS_URL = process.env.CDN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const key = (n: number) => `0x${n.toString(16).padStart(96, '0')}` as Hex;

describe('the roster in Redis', () => {
  let redis: Redis;
  let keys: RedisKeys;
  let roster: RedisRoster;
  beforeAll(() => (redis = new Redis(REDIS_URL)));
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(() => {
    keys = new RedisKeys(`test-roster-${randomBytes(6).toString('hex')}`);
    roster = new RedisRoster(redis, keys);
  });
  afterEach(() => redis.del(keys.roster, keys.rosterIndex, keys.authTimestamps, keys.epoch));

  it('admits first-come: the next index to a new key, the same index to a returning one, none past the count', async () => {
    expect(await roster.admit(key(7), 1, 2)).toMatchObject({ kind: 'admitted', index: 0, isNew: true, size: 1 });
    expect(await roster.admit(key(7), 2, 2)).toMatchObject({ kind: 'admitted', index: 0, isNew: false });
    expect(await roster.admit(key(8), 1, 2)).toMatchObject({ kind: 'admitted', index: 1, isNew: true, size: 2 });
    expect(await roster.admit(key(9), 1, 2)).toEqual({ kind: 'full', size: 2 });
    expect(await roster.admit(key(7), 2, 2)).toEqual({ kind: 'replay', lastTimestampMs: 2 });
  });

  it('seeded with a stake table, gives each key its table index and calls its first admission new', async () => {
    expect(await roster.seed([key(3), key(1), key(2)])).toEqual([key(3), key(1), key(2)]);
    expect(await roster.admit(key(2), 1, 3)).toMatchObject({ kind: 'admitted', index: 2, isNew: true, size: 3 });
    expect(await roster.admit(key(2), 2, 3)).toMatchObject({ kind: 'admitted', index: 2, isNew: false });
    expect(await roster.admit(key(9), 1, 3)).toEqual({ kind: 'full', size: 3 });
  });

  it('leaves a roster that is there as it is, and answers it for the caller to compare', async () => {
    await roster.admit(key(5), 1, 3);
    expect(await roster.seed([key(3), key(1), key(2)])).toEqual([key(5)]);
    expect(await roster.keysFrom(0)).toEqual([key(5)]);
  });
});
