import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { bytesToHex, type Hex } from 'viem';
import { PERMIT_LENGTH } from '@hotshot/cdn';
import { PermitStore, type PermitGrant } from './permit-store';
import { RedisKeys } from './redis-keys';

// A real Redis, as the scale-out tests use (`.ci/run` starts one); each test works under a prefix of its own.
const REDIS_URL = process.env.CDN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const grant: PermitGrant = {
  publicKey: `0x${'ab'.repeat(48)}` as Hex,
  index: 2,
  isNew: true,
  epoch: 7,
  broker: 'b1',
};

describe('PermitStore', () => {
  let redis: Redis;
  let keys: RedisKeys;
  let store: PermitStore;
  beforeAll(() => (redis = new Redis(REDIS_URL)));
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(() => {
    keys = new RedisKeys(`test-permits-${randomBytes(6).toString('hex')}`);
    store = new PermitStore(redis, keys);
  });
  afterEach(() => redis.del(keys.issued('b1')));

  it('redeems a permit it issued once, for the grant it was issued for', async () => {
    const permit = await store.issue(grant, 10_000, Date.now());
    expect(await store.redeem(permit)).toEqual(grant);
    expect(await store.redeem(permit)).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['text that is not JSON', '{"publicKey":'],
    ['a missing broker', (({ broker: _broker, ...rest }) => rest)(grant)],
    ['an index as a string', { ...grant, index: '2' }],
    ['a negative index', { ...grant, index: -1 }],
    ['isNew as a string', { ...grant, isNew: 'true' }],
    ['a key in upper-case hex', { ...grant, publicKey: grant.publicKey.toUpperCase() }],
    ['a short key', { ...grant, publicKey: '0xab' }],
    ['the grant nested once more', { grant }],
    ['a huge array', Array.from({ length: 10_000 }, () => 0)],
    ['null', null],
  ])('refuses a permit whose grant is %s, and uses it up', async (_what, bad) => {
    const permit = new Uint8Array(randomBytes(PERMIT_LENGTH));
    const key = keys.permit(bytesToHex(permit));
    await redis.set(key, typeof bad === 'string' ? bad : JSON.stringify(bad), 'PX', 10_000);
    expect(await store.redeem(permit)).toBeUndefined();
    expect(await redis.exists(key)).toBe(0);
  });
});
