import { FrameKind, Topic, encodeBroadcast, topicMask, type CdnDelivery, type RedirectMessage } from '@hotshot/cdn';
import { waitFor } from '../support/wait-for-progress';
import { BrokerProcess } from './support/broker-process';
import { ClientPool, nodeKey } from './support/cdn-fixtures';
import {
  REDIS_URL,
  askMarshal,
  deletePrefix,
  presentPermit,
  randomPrefix,
  startMarshal,
} from './support/scale-out-fixtures';

/**
 * A broker process whose event loop stalls (SIGSTOP, as a starved machine does to it) for several renewal periods
 * stays in the CDN: its registration outlives the stall, the marshal still sends nodes to it (stale, but the only
 * one), and the node it already serves keeps its connection and is served again once the broker runs.
 */
describe('a scale-out broker stalled for seconds', () => {
  jest.setTimeout(600_000);

  it('keeps its registration and its nodes, and the marshal still hands out permits for it', async () => {
    const prefix = randomPrefix();
    // Stale after 1 s here, so the test need not stall long to show that stale is not gone.
    const { marshal, port, url } = await startMarshal(prefix, 2, { permitTtlMs: 300_000, brokerStaleAfterMs: 1000 });
    const broker = new BrokerProcess([
      ...['--role', 'broker', '-p', '0', '--broker-id', 'stalling'],
      ...['--redis-url', REDIS_URL, '--redis-prefix', prefix, '--registry-heartbeat-ms', '200'],
      // The node-side heartbeat must not be what ends the session during the stall.
      ...['--heartbeat-interval-ms', '1000', '--heartbeat-timeout-ms', '120000'],
    ]);
    const pool = new ClientPool();
    const metric = async (name: string, broker?: string) => {
      const values = (await marshal.metrics.getSingleMetric(name)!.get()).values;
      return values.find((v) => broker === undefined || v.labels.broker === broker)?.value ?? 0;
    };
    try {
      const { endpoint } = await broker.logged('broker registered');
      const first = pool.start(url, 0, { heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 120_000 });
      const disconnects: string[] = [];
      first.on('disconnected', ({ reason }) => disconnects.push(reason));
      const inbox: CdnDelivery[] = [];
      first.on('message', (delivery) => inbox.push(delivery));
      await waitFor('the first node to authenticate on the broker', () => first.state === 'waiting');

      broker.signal('SIGSTOP');
      try {
        // Silent for 25 renewal periods (the registry used to drop a broker after 2.5) and stale to the marshal.
        await waitFor(
          'the marshal to see the stalled broker 5 s old',
          async () => (await metric('cdn_marshal_broker_registration_age_seconds', 'stalling')) >= 5,
          { intervalMs: 100 },
        );
        const answer = await askMarshal(port, nodeKey(1));
        expect(answer).toMatchObject({ kind: FrameKind.Redirect, endpoint });
        expect(await metric('cdn_marshal_stale_broker_placements_total')).toBe(1);
        expect(await metric('cdn_marshal_no_live_broker_refusals_total')).toBe(0);
        broker.signal('SIGCONT');

        // The permit handed out for the stalled broker works once it runs again; the roster is full, so the
        // broker welcomes both nodes and a broadcast crosses it.
        const second = await presentPermit(endpoint as string, (answer as RedirectMessage).permit);
        try {
          expect(second.frames[0]).toMatchObject({ kind: FrameKind.Authenticated, nodeIndex: 1, joined: 2 });
          await first.welcome();
          second.send(encodeBroadcast(topicMask([Topic.Global]), Uint8Array.of(7)));
          await waitFor('the broadcast from the second node at the first', () => inbox.length === 1);
          expect([...inbox[0]!.bytes]).toEqual([7]);
        } finally {
          second.destroy();
        }
      } finally {
        broker.signal('SIGCONT');
      }
      // The first node never lost its session, and the broker noticed its own late renewal.
      expect(disconnects).toEqual([]);
      await broker.logged('registry renewal was late');
    } finally {
      await pool.stop();
      broker.kill();
      await broker.exited;
      await marshal.close();
      await deletePrefix(prefix);
    }
  });
});
