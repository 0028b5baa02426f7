import { FrameKind, Topic, type CdnClient, type CdnDelivery } from '@hotshot/cdn';
import { ClientPool, TEST_CONFIG, nextEvent, nodeKey, startBroker, waitUntil } from './support/cdn-fixtures';
import type { CdnBroker } from '../../apps/cdn-server/src/broker/cdn-broker';
import { MemoryRosterStore } from '../../apps/cdn-server/src/broker/roster-store';

const text = (s: string) => new TextEncoder().encode(s);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Starts clients for keys in `order`, each after the previous is authenticated, so join order is fixed. */
async function joinInOrder(pool: ClientPool, url: string, order: number[]): Promise<CdnClient[]> {
  const clients: CdnClient[] = [];
  for (const key of order) {
    const client = pool.start(url, key);
    await nextEvent(client, 'authenticated');
    clients.push(client);
  }
  return clients;
}

function collect(client: CdnClient): CdnDelivery[] {
  const got: CdnDelivery[] = [];
  client.on('message', (delivery) => got.push(delivery));
  return got;
}

describe('a CDN network of four nodes', () => {
  // Above the 30 s caps of the waits inside, which fail first and name what did not happen.
  jest.setTimeout(180_000);
  let broker: CdnBroker;
  let url: string;
  let pool: ClientPool;

  beforeEach(async () => {
    ({ broker, url } = await startBroker(4));
    pool = new ClientPool();
  });

  afterEach(async () => {
    await pool.stop();
    await broker.close();
  });

  it('hands every node its join-order index, the config and the stake table once the fourth joins', async () => {
    const order = [2, 0, 3, 1];
    const clients = await joinInOrder(pool, url, order.slice(0, 3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(clients.map((c) => c.state)).toEqual(['waiting', 'waiting', 'waiting']);
    expect(clients.every((c) => c.welcomeInfo === undefined)).toBe(true);

    clients.push(pool.start(url, order[3]));
    const welcomes = await Promise.all(clients.map((c) => c.welcome()));
    expect(welcomes.map((w) => w.nodeIndex)).toEqual([0, 1, 2, 3]);
    for (const welcome of welcomes) {
      expect(welcome.config).toEqual(TEST_CONFIG);
      expect(welcome.stakeTable).toEqual(order.map((key) => ({ publicKey: nodeKey(key).publicKey, stake: 1n })));
    }
    expect(clients.map((c) => c.state)).toEqual(['ready', 'ready', 'ready', 'ready']);
    expect(broker.hasStarted).toBe(true);
  });

  it('delivers a broadcast to every other node once and a direct message to its recipient only', async () => {
    const clients = await joinInOrder(pool, url, [0, 1, 2, 3]);
    await Promise.all(clients.map((c) => c.welcome()));
    const inboxes = clients.map(collect);

    clients[1].broadcast(Topic.Global, text('to all'));
    clients[2].sendDirect(3, text('by index'));
    clients[3].sendDirect(nodeKey(0).publicKey, text('by key'));
    await waitUntil(() => inboxes[0].length === 2 && inboxes[2].length === 1 && inboxes[3].length === 2, 'deliveries');
    await new Promise((resolve) => setTimeout(resolve, 50));

    const seen = inboxes.map((inbox) => inbox.map((d) => `${d.kind}:${d.sender}:${decode(d.bytes)}`).sort());
    expect(seen).toEqual([
      ['broadcast:1:to all', 'direct:3:by key'],
      [],
      ['broadcast:1:to all'],
      ['broadcast:1:to all', 'direct:2:by index'],
    ]);
    expect(inboxes[0].find((d) => d.kind === 'broadcast')?.topics).toBe(1 << Topic.Global);
  });

  it('routes a topic only to its subscribers, and a broadcast on two topics once', async () => {
    const clients = await joinInOrder(pool, url, [0, 1, 2, 3]);
    clients[1].subscribe(Topic.Da);
    clients[2].subscribe(Topic.Da);
    clients[2].unsubscribe(Topic.Global);
    await Promise.all(clients.map((c) => c.welcome()));
    const inboxes = clients.map(collect);
    // A round trip after the subscriptions makes sure the broker has applied them.
    clients[0].sendDirect(1, text('sync'));
    clients[0].sendDirect(2, text('sync'));
    await waitUntil(() => inboxes[1].length === 1 && inboxes[2].length === 1, 'sync');

    clients[0].broadcast(Topic.Da, text('da'));
    clients[0].broadcast(Topic.Global, text('global'));
    clients[0].broadcast([Topic.Global, Topic.Da], text('both'));
    await waitUntil(() => inboxes[3].length === 2 && inboxes[2].length === 3, 'topic deliveries');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const payloads = inboxes.map((inbox) => inbox.filter((d) => d.kind === 'broadcast').map((d) => decode(d.bytes)));
    expect(payloads).toEqual([[], ['da', 'global', 'both'], ['da', 'both'], ['global', 'both']]);
  });

  it('keeps each sender’s order across many messages from several senders', async () => {
    const clients = await joinInOrder(pool, url, [0, 1, 2, 3]);
    await Promise.all(clients.map((c) => c.welcome()));
    const received = collect(clients[3]);
    const perSender = 600;
    for (let seq = 0; seq < perSender; seq++) {
      for (const sender of [0, 1, 2]) {
        const bytes = new Uint8Array(200 + ((seq * 37) % 900));
        new DataView(bytes.buffer).setUint32(0, seq);
        clients[sender].broadcast(Topic.Global, bytes);
      }
      if (seq % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitUntil(() => received.length === 3 * perSender, 'all broadcasts');
    for (const sender of [0, 1, 2]) {
      const sequence = received
        .filter((d) => d.sender === sender)
        .map((d) => new DataView(d.bytes.buffer, d.bytes.byteOffset).getUint32(0));
      expect(sequence).toEqual([...Array(perSender).keys()]);
    }
  });

  it('welcomes a member that joined, left before the start and comes back late, with its old index', async () => {
    const early = new AbortController();
    const first = pool.start(url, 5, {}, early);
    await nextEvent(first, 'authenticated');
    early.abort();
    await first.whenStopped();
    const others = await joinInOrder(pool, url, [6, 7, 8]);
    await Promise.all(others.map((c) => c.welcome()));
    await waitUntil(() => broker.metrics.framesReceived(FrameKind.Authenticate) === 4, 'four authentications');

    const late = pool.start(url, 5);
    const welcome = await late.welcome();
    expect(welcome.nodeIndex).toBe(0);
    expect(welcome.stakeTable.map((e) => e.publicKey)).toEqual([5, 6, 7, 8].map((k) => nodeKey(k).publicKey));
  });

  it('gives a node that reconnects with a new client its old index and Welcome at once', async () => {
    const own = new AbortController();
    const clients = await joinInOrder(pool, url, [0, 1, 2]);
    clients.push(pool.start(url, 3, {}, own));
    await Promise.all(clients.map((c) => c.welcome()));
    own.abort();
    await clients[3].whenStopped();
    await waitUntil(() => broker.metrics.disconnectsFor('peer_closed') === 1, 'the broker to see the node leave');
    clients[0].sendDirect(3, text('while away'));
    await waitUntil(() => broker.metrics.dropsFor(FrameKind.Direct, 'recipient_offline') === 1, 'a counted drop');

    const again = pool.start(url, 3);
    expect((await again.welcome()).nodeIndex).toBe(3);
    const inbox = collect(again);
    clients[0].broadcast(Topic.Global, text('after reconnect'));
    await waitUntil(() => inbox.length === 1, 'delivery after reconnect');
    expect(inbox[0].sender).toBe(0);
  });

  it('queues sends while disconnected, and sends them after authenticating', async () => {
    const clients = await joinInOrder(pool, url, [0, 1, 2]);
    const inbox = collect(clients[0]);
    const late = pool.start(url, 3, { maxQueuedFrames: 2 });
    // Sent before the client has authenticated: held in the bounded queue, oldest dropped.
    late.broadcast(Topic.Global, text('one'));
    late.broadcast(Topic.Global, text('two'));
    late.broadcast(Topic.Global, text('three'));
    expect(late.stats.droppedWhileDisconnected).toBe(1);
    await waitUntil(() => inbox.length === 2, 'queued broadcasts');
    expect(inbox.map((d) => decode(d.bytes))).toEqual(['two', 'three']);
  });
});

describe('a broker restart (in process)', () => {
  // Above the 30 s caps of the waits inside, which fail first and name what did not happen.
  jest.setTimeout(180_000);
  it('keeps the roster, and clients reconnect, re-authenticate and resubscribe by themselves', async () => {
    const store = new MemoryRosterStore();
    const first = await startBroker(2, { rosterStore: store });
    const pool = new ClientPool();
    try {
      const a = pool.start(first.url, 0);
      await nextEvent(a, 'authenticated');
      const b = pool.start(first.url, 1, { topics: [Topic.Da] });
      await Promise.all([a.welcome(), b.welcome()]);
      const reconnected = Promise.all([a, b].map((c) => nextEvent(c, 'welcome')));
      await first.broker.close();
      const second = await startBroker(2, { rosterStore: store, port: first.port });
      try {
        const welcomes = await reconnected;
        expect(welcomes.map((w) => w.nodeIndex)).toEqual([0, 1]);
        expect(a.stats.connects).toBe(2);
        // b re-subscribes right after it authenticates; a direct frame from b to a, which the broker handles after
        // those, proves they are in before a broadcasts (two connections give no order between them otherwise).
        const synced = collect(a);
        b.sendDirect(0, text('subscribed'));
        await waitUntil(() => synced.length === 1, 'the sync frame from b');
        const inbox = collect(b);
        a.broadcast(Topic.Global, text('not for b'));
        a.broadcast(Topic.Da, text('da again'));
        await waitUntil(() => inbox.length === 1, 'DA broadcast after the restart');
        expect(decode(inbox[0].bytes)).toBe('da again');
      } finally {
        await pool.stop();
        await second.broker.close();
      }
    } finally {
      await pool.stop();
      await first.broker.close();
    }
  });
});
