import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { BrokerRegistry, leastLoaded, pickBroker, type BrokerRecord, type LiveBroker } from './broker-registry';
import { RedisKeys } from './redis-keys';

// A real Redis, as the scale-out tests use (`.ci/run` starts one); each test works under a prefix of its own.
const REDIS_URL = process.env.CDN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A registered broker `ageMs` after its last renewal, with `load` nodes counted for it. */
function broker(id: string, ageMs: number, load: number): LiveBroker {
  return {
    id,
    endpoint: `127.0.0.1:${1000 + id.length}`,
    mesh: `127.0.0.1:${2000 + id.length}`,
    token: '00',
    connections: load,
    ttlMs: 15_000,
    ageMs,
    load,
  };
}

describe('pickBroker', () => {
  const STALE_AFTER_MS = 5000;

  it('refuses only when no broker is registered at all', () => {
    expect(pickBroker([], STALE_AFTER_MS)).toBeUndefined();
  });

  it('sends a node to the least-loaded fresh broker, however loaded the stale ones are', () => {
    const brokers = [broker('busy', 100, 9), broker('idle', 4900, 1), broker('stalled', 6000, 0)];
    expect(pickBroker(brokers, STALE_AFTER_MS)).toEqual({ broker: brokers[1], stale: false });
  });

  it('counts a broker that renewed exactly at the bound as fresh', () => {
    const brokers = [broker('edge', STALE_AFTER_MS, 3), broker('late', STALE_AFTER_MS + 1, 0)];
    expect(pickBroker(brokers, STALE_AFTER_MS)?.broker.id).toBe('edge');
  });

  it('prefers a stale broker to refusing: the one heard from most recently, then the least loaded', () => {
    // Every broker's event loop stalled past the bound (a loaded machine): nodes still get a broker.
    const brokers = [broker('older', 9000, 0), broker('newer', 6000, 4), broker('newer-idle', 6000, 2)];
    expect(pickBroker(brokers, STALE_AFTER_MS)).toEqual({ broker: brokers[2], stale: true });
  });

  it('keeps a lone broker through a stall of most of its TTL, as the registry keeps it', () => {
    // With the marshal's clock moving on and the broker silent, its age grows; the choice stays the same broker.
    const lone = (ageMs: number) => pickBroker([broker('only', ageMs, 3)], STALE_AFTER_MS);
    expect(lone(0)).toMatchObject({ broker: { id: 'only' }, stale: false });
    expect(lone(5001)).toMatchObject({ broker: { id: 'only' }, stale: true });
    expect(lone(14_999)).toMatchObject({ broker: { id: 'only' }, stale: true });
  });

  it('spreads equal fresh brokers at random, by the random source given', () => {
    const brokers = [broker('a', 10, 2), broker('b', 20, 2), broker('c', 30, 5)];
    expect(pickBroker(brokers, STALE_AFTER_MS, () => 0)?.broker.id).toBe('a');
    expect(pickBroker(brokers, STALE_AFTER_MS, () => 0.99)?.broker.id).toBe('b');
  });
});

describe('leastLoaded', () => {
  it('is undefined for no brokers and picks the lowest load otherwise', () => {
    expect(leastLoaded([])).toBeUndefined();
    expect(leastLoaded([broker('a', 0, 3), broker('b', 0, 1)])?.id).toBe('b');
  });
});

describe('BrokerRegistry records in Redis', () => {
  const record: BrokerRecord = {
    id: 'b1',
    endpoint: '127.0.0.1:1001',
    mesh: '127.0.0.1:2001',
    token: 'ab',
    connections: 3,
    ttlMs: 15_000,
  };
  let redis: Redis;
  let keys: RedisKeys;
  let registry: BrokerRegistry;
  beforeAll(() => (redis = new Redis(REDIS_URL)));
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(() => {
    keys = new RedisKeys(`test-registry-${randomBytes(6).toString('hex')}`);
    registry = new BrokerRegistry(redis, keys);
  });
  afterEach(() => redis.del(keys.brokers, keys.broker('b1'), keys.broker('b2'), keys.issued('b1')));

  it('reads back the record a broker wrote, and lists the broker', async () => {
    await registry.heartbeat(record);
    expect(await registry.record('b1')).toEqual(record);
    expect(await registry.registered(Date.now(), 1000)).toMatchObject([{ ...record, load: 3 }]);
  });

  it.each<[string, unknown]>([
    ['text that is not JSON', '{"id":'],
    ['a missing token', (({ token: _token, ...rest }) => rest)(record)],
    ['a connection count as a string', { ...record, connections: '3' }],
    ['a negative connection count', { ...record, connections: -5 }],
    ['a fractional TTL', { ...record, ttlMs: 1.5 }],
    ['the record nested once more', { record }],
    ['a huge array', Array.from({ length: 100_000 }, () => 0)],
    ['null', null],
  ])('skips a record with %s, and keeps listing the good brokers', async (_what, bad) => {
    await registry.heartbeat({ ...record, id: 'b2' });
    await registry.heartbeat(record);
    await redis.set(keys.broker('b1'), typeof bad === 'string' ? bad : JSON.stringify(bad), 'PX', 15_000);
    expect(await registry.record('b1')).toBeUndefined();
    const live = await registry.registered(Date.now(), 1000);
    expect(live.map((broker) => broker.id)).toEqual(['b2']);
  });
});
