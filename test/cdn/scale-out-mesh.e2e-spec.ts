import { Topic, type CdnClient, type CdnDelivery } from '@hotshot/cdn';
import { publicKeyToHex } from '@hotshot/crypto';
import { ClientPool, nodeKey, waitUntil } from './support/cdn-fixtures';
import {
  deletePrefix,
  randomPrefix,
  startMarshal,
  startScaleOutBroker,
  trackEndpoints,
  waitForMesh,
} from './support/scale-out-fixtures';
import type { CdnMarshal } from '../../apps/cdn-server/src/scale-out/cdn-marshal';
import type { ScaleOutBroker } from '../../apps/cdn-server/src/scale-out/scale-out-broker';

/**
 * One marshal and two brokers over a real Redis, in this process: nodes spread over both brokers, the directory and
 * topic interests cross the mesh, a direct frame takes one hop and a broadcast reaches each broker once.
 */
describe('the scale-out CDN: a marshal and two brokers', () => {
  // Above the 30 s caps of the waits inside, which fail first and name what did not happen.
  jest.setTimeout(180_000);
  let prefix: string;
  let marshal: CdnMarshal;
  let url: string;
  let brokers: ScaleOutBroker[];
  let pool: ClientPool;

  beforeEach(async () => {
    prefix = randomPrefix();
    ({ marshal, url } = await startMarshal(prefix, 5));
    brokers = await Promise.all([startScaleOutBroker(prefix, 'broker-a'), startScaleOutBroker(prefix, 'broker-b')]);
    await waitForMesh(brokers);
    pool = new ClientPool();
  });

  afterEach(async () => {
    await pool.stop();
    await Promise.all(brokers.map((b) => b.close()));
    await marshal.close();
    await deletePrefix(prefix);
  });

  /** Starts five nodes through the marshal and waits for their Welcome; returns them with their inboxes. */
  async function fiveNodes() {
    const clients: CdnClient[] = [];
    for (let key = 0; key < 5; key++) clients.push(pool.start(url, key));
    const endpoints = trackEndpoints(clients);
    const inboxes = clients.map((client) => {
      const inbox: CdnDelivery[] = [];
      client.on('message', (d) => inbox.push(d));
      return inbox;
    });
    const welcomes = await Promise.all(clients.map((c) => c.welcome()));
    return { clients, endpoints, inboxes, welcomes };
  }

  it('spreads five nodes over both brokers and welcomes them all once the roster in Redis is full', async () => {
    const { endpoints, welcomes } = await fiveNodes();
    expect(welcomes.map((w) => w.nodeIndex).sort()).toEqual([0, 1, 2, 3, 4]);
    // Every node sees the same stake table, in the marshal's join order, whichever broker it is on.
    const tables = welcomes.map((w) => w.stakeTable.map((e) => publicKeyToHex(e.publicKey)));
    for (const table of tables) expect(table).toEqual(tables[0]);
    welcomes.forEach((w, key) => expect(tables[0][w.nodeIndex]).toBe(publicKeyToHex(nodeKey(key).publicKey)));
    expect(welcomes[0].config.viewTimeoutMs).toBe(1234);
    const perBroker = brokers.map((b) => endpoints.filter((e) => e === b.endpoint).length);
    expect(perBroker.sort()).toEqual([2, 3]);
    expect(brokers.map((b) => b.broker.authenticatedNodes).sort()).toEqual([2, 3]);
    await waitUntil(() => brokers.every((b) => b.remoteNodes === 5 - b.broker.authenticatedNodes), 'the directory');
  });

  it('delivers a broadcast to every other node exactly once and forwards it once per broker with subscribers', async () => {
    const { clients, endpoints, inboxes, welcomes } = await fiveNodes();
    await waitUntil(() => brokers.every((b) => b.remoteNodes === 5 - b.broker.authenticatedNodes), 'the directory');
    const [a, b] = brokers;
    const onA = endpoints.flatMap((e, i) => (e === a.endpoint ? [i] : []));
    const onB = endpoints.flatMap((e, i) => (e === b.endpoint ? [i] : []));
    const sender = onA[0];
    for (let n = 0; n < 20; n++) clients[sender].broadcast(Topic.Global, Uint8Array.of(n));
    await waitUntil(() => inboxes.every((inbox, i) => i === sender || inbox.length === 20), 'the broadcasts');
    await new Promise((resolve) => setTimeout(resolve, 100));
    inboxes.forEach((inbox, i) => {
      expect(inbox.length).toBe(i === sender ? 0 : 20);
      // Frames from one sender arrive in order, across the mesh too, stamped with the sender's index.
      expect(inbox.map((d) => d.bytes[0])).toEqual(i === sender ? [] : Array.from({ length: 20 }, (_, n) => n));
      for (const d of inbox) expect(d.sender).toBe(welcomes[sender].nodeIndex);
    });
    const forwarded = async (broker: ScaleOutBroker) =>
      (await broker.broker.metrics.registry.getSingleMetric('cdn_mesh_forwarded_frames_total')!.get()).values;
    const outOfA = (await forwarded(a)).find((v) => v.labels.kind === 'broadcast' && v.labels.direction === 'out');
    expect(outOfA?.value).toBe(20);

    // Topic 1 has one subscriber, on b: a broadcast on it from a goes to b once and reaches that node only.
    const subscriber = onB[0];
    clients[subscriber].subscribe(Topic.Da);
    await waitUntil(() => a.broker.authenticatedNodes > 0 && (a.topicsOn('broker-b') & 0b10) !== 0, 'topic interest');
    clients[sender].broadcast(Topic.Da, Uint8Array.of(99));
    await waitUntil(() => inboxes[subscriber].some((d) => d.bytes[0] === 99), 'the DA broadcast');
    await new Promise((resolve) => setTimeout(resolve, 100));
    inboxes.forEach((inbox, i) => expect(inbox.filter((d) => d.bytes[0] === 99).length).toBe(i === subscriber ? 1 : 0));

    // Topic 2 has no subscriber anywhere: nothing crosses the mesh for it.
    const before = (await forwarded(a)).find((v) => v.labels.kind === 'broadcast' && v.labels.direction === 'out');
    clients[sender].broadcast(2, Uint8Array.of(77));
    clients[sender].broadcast(Topic.Global, Uint8Array.of(88));
    await waitUntil(() => inboxes[onB[0]].some((d) => d.bytes[0] === 88), 'the marker broadcast');
    const after = (await forwarded(a)).find((v) => v.labels.kind === 'broadcast' && v.labels.direction === 'out');
    expect(after!.value - before!.value).toBe(1);
  });

  it('sends a direct frame across the mesh in one hop, to the one recipient', async () => {
    const { clients, endpoints, inboxes, welcomes } = await fiveNodes();
    await waitUntil(() => brokers.every((b) => b.remoteNodes === 5 - b.broker.authenticatedNodes), 'the directory');
    const [a, b] = brokers;
    const from = endpoints.findIndex((e) => e === a.endpoint);
    const to = endpoints.findIndex((e) => e === b.endpoint);
    clients[from].sendDirect(welcomes[to].nodeIndex, Uint8Array.of(1, 2, 3));
    clients[to].sendDirect(welcomes[from].nodeIndex, Uint8Array.of(4, 5));
    await waitUntil(() => inboxes[to].length === 1 && inboxes[from].length === 1, 'the direct frames');
    expect(inboxes[to][0]).toMatchObject({ kind: 'direct', sender: welcomes[from].nodeIndex });
    expect([...inboxes[to][0].bytes]).toEqual([1, 2, 3]);
    expect([...inboxes[from][0].bytes]).toEqual([4, 5]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(inboxes.reduce((sum, inbox) => sum + inbox.length, 0)).toBe(2);
  });

  it('meshes a third broker with both others: one hop for a direct frame, one copy per broker for a broadcast', async () => {
    brokers.push(await startScaleOutBroker(prefix, 'broker-c'));
    await waitForMesh(brokers);
    const { clients, endpoints, inboxes, welcomes } = await fiveNodes();
    await waitUntil(() => brokers.every((b) => b.remoteNodes === 5 - b.broker.authenticatedNodes), 'the directory');
    const home = (i: number) => brokers.find((b) => b.endpoint === endpoints[i])!;
    expect(brokers.map((b) => b.broker.authenticatedNodes).sort()).toEqual([1, 2, 2]);
    const before = brokers.map((b) => ({ ...b.forwarded }));
    const from = 0;
    const to = [1, 2, 3, 4].find((i) => home(i) !== home(from))!;
    const bystander = brokers.find((b) => b !== home(from) && b !== home(to))!;
    clients[from].sendDirect(welcomes[to].nodeIndex, Uint8Array.of(42));
    clients[from].broadcast(Topic.Global, Uint8Array.of(43));
    await waitUntil(
      () => inboxes.every((inbox, i) => i === from || inbox.some((d) => d.bytes[0] === 43)),
      'the broadcast on every other node',
    );
    await waitUntil(() => inboxes[to].some((d) => d.kind === 'direct'), 'the direct frame');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const delta = brokers.map((b, i) => {
      const now = b.forwarded;
      return { broadcastOut: now.broadcastOut - before[i].broadcastOut, directIn: now.directIn - before[i].directIn };
    });
    const at = (broker: ScaleOutBroker) => delta[brokers.indexOf(broker)];
    // The sender's broker sends the broadcast once to each of the two others; the direct frame reaches the
    // recipient's broker straight, never the third one.
    expect(at(home(from)).broadcastOut).toBe(2);
    expect(at(home(to)).directIn).toBe(1);
    expect(at(bystander).directIn).toBe(0);
    expect(delta.reduce((sum, d) => sum + d.broadcastOut, 0)).toBe(2);
    expect(inboxes.map((inbox) => inbox.length)).toEqual(inboxes.map((_, i) => (i === from ? 0 : i === to ? 2 : 1)));
  });

  it('moves the nodes of a broker that leaves to the other one, through the marshal, keeping their indices', async () => {
    const { clients, endpoints, inboxes, welcomes } = await fiveNodes();
    const [a, b] = brokers;
    const movers = endpoints.flatMap((e, i) => (e === b.endpoint ? [i] : []));
    const rewelcomed = movers.map(
      (i) => new Promise<number>((resolve) => clients[i].once('welcome', (w) => resolve(w.nodeIndex))),
    );
    await b.close();
    expect(await Promise.all(rewelcomed)).toEqual(movers.map((i) => welcomes[i].nodeIndex));
    expect(movers.every((i) => endpoints[i] === a.endpoint)).toBe(true);
    expect(a.broker.authenticatedNodes).toBe(5);
    for (const inbox of inboxes) inbox.length = 0;
    clients[movers[0]].broadcast(Topic.Global, Uint8Array.of(5));
    await waitUntil(() => inboxes.filter((inbox) => inbox.length === 1).length === 4, 'a broadcast after the move');
  });
});
