import { ErrorCode } from '@hotshot/cdn';
import { StrangerFlood } from '../faults/hostile/stranger-flood';
import { RawPeer, nodeKey, startBroker, waitUntil } from './support/cdn-fixtures';
import type { CdnBroker } from '../../apps/cdn-server/src/broker/cdn-broker';

/**
 * Issue 17, finding 3: strangers without a key hold every place for connections awaiting authentication, re-opening
 * each socket as the broker closes it (the fault suite's attack). Members at another address must still get in,
 * every time.
 */
describe('a flood of stranger sockets (issue 17, finding 3)', () => {
  let broker: CdnBroker;
  let port: number;
  let flood: StrangerFlood | undefined;

  beforeEach(async () => {
    // The production limits (256 pending in all, 32 per address) and authentication deadline.
    ({ broker, port } = await startBroker(2, {
      authTimeoutMs: 5000,
      maxUnauthenticatedConnections: 256,
      maxUnauthenticatedPerAddress: 32,
    }));
    for (const key of [0, 1]) {
      const member = await RawPeer.connect(port);
      await member.authenticate(nodeKey(key));
      member.destroy();
    }
  });

  afterEach(async () => {
    flood?.stop();
    flood = undefined;
    await broker.close();
  });

  async function reconnectMember(times: number): Promise<{ admitted: number; refusals: string[] }> {
    let admitted = 0;
    const refusals: string[] = [];
    for (let i = 0; i < times; i++) {
      const member = await RawPeer.connect(port);
      try {
        expect(await member.authenticate(nodeKey(0))).toBe(0);
        admitted++;
      } catch (error) {
        refusals.push((error as Error).message);
      } finally {
        member.destroy();
      }
    }
    return { admitted, refusals };
  }

  it('from one address cannot hold more than its share, and a member reconnects 20 times out of 20', async () => {
    flood = new StrangerFlood(port, ['127.0.0.2'], 300);
    flood.start();
    await waitUntil(
      () => broker.metrics.pendingLimitsFor('per_address', 'refused') > 50,
      'per-address refusals of the stranger sockets',
      30_000,
    );
    const { admitted, refusals } = await reconnectMember(20);
    expect(refusals).toEqual([]);
    expect(admitted).toBe(20);
    expect(flood.stats.refusalCodes[ErrorCode.TooManyConnections] ?? 0).toBeGreaterThan(0);
    expect(broker.metrics.disconnectsFor('too_many_connections')).toBeGreaterThan(0);
  }, 120_000);

  it('from many addresses filling every place: the busiest address gives way, 20 times out of 20', async () => {
    // 16 addresses x 32 sockets = 512, twice the 256 places.
    const addresses = Array.from({ length: 16 }, (_, i) => `127.0.0.${i + 2}`);
    flood = new StrangerFlood(port, addresses, 32);
    flood.start();
    await waitUntil(
      () => broker.metrics.pendingLimitsFor('global', 'refused') > 50,
      'global refusals of the stranger sockets (every place taken)',
      30_000,
    );
    const { admitted, refusals } = await reconnectMember(20);
    expect(refusals).toEqual([]);
    expect(admitted).toBe(20);
    // Each reconnection took the place of a stranger from the busiest address.
    expect(broker.metrics.pendingLimitsFor('global', 'evicted')).toBeGreaterThanOrEqual(20);
    await waitUntil(() => broker.metrics.disconnectsFor('pending_evicted') >= 1, 'an evicted stranger to close');
    expect(flood.stats.refusalCodes[ErrorCode.TooManyConnections] ?? 0).toBeGreaterThan(0);
    const text = await broker.metrics.registry.getSingleMetricAsString('cdn_broker_pending_limit_total');
    expect(text).toMatch(/limit="global",action="evicted"/);
  }, 120_000);
});
