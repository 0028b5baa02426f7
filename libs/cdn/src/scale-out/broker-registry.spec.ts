import { leastLoaded, pickBroker, type LiveBroker } from './broker-registry';

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
