import { createServer, type Server, type Socket } from 'node:net';
import {
  CdnClient,
  CdnClientStoppedError,
  MessageTooLargeError,
  Topic,
  UnknownRecipientError,
  type CdnDelivery,
} from '@hotshot/cdn';
import { ClientPool, nextEvent, nodeKey, startBroker, waitUntil, withTimeout } from './support/cdn-fixtures';

/** A TCP server that plays a broken broker. */
async function fakeBroker(
  onSocket: (socket: Socket) => void,
): Promise<{ server: Server; url: string; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return { server, url: `tcp://127.0.0.1:${port}`, sockets };
}

async function closeFake(fake: { server: Server; sockets: Socket[] }): Promise<void> {
  for (const socket of fake.sockets) socket.destroy();
  await new Promise((resolve) => fake.server.close(resolve));
}

describe('the CDN client', () => {
  // Above the 30 s caps of the waits inside, which fail first and name what did not happen.
  jest.setTimeout(180_000);
  let pool: ClientPool;
  beforeEach(() => (pool = new ClientPool()));
  afterEach(() => pool.stop());

  it('drops a broker that goes silent and tries again', async () => {
    const fake = await fakeBroker(() => undefined);
    try {
      const client = pool.start(fake.url, 0, { heartbeatIntervalMs: 50, heartbeatTimeoutMs: 200 });
      const first = await nextEvent(client, 'disconnected');
      expect(first.reason).toBe('heartbeat_timeout');
      await waitUntil(() => fake.sockets.length >= 2, 'a second connection');
    } finally {
      await closeFake(fake);
    }
  });

  it('drops a broker that sends garbage and tries again', async () => {
    const fake = await fakeBroker((socket) => socket.write(Uint8Array.of(0, 0, 0, 2, 0xee, 0xee)));
    try {
      const client = pool.start(fake.url, 0);
      const first = await nextEvent(client, 'disconnected');
      expect(first.reason).toMatch(/^protocol_error: unknown frame kind/);
      await waitUntil(() => fake.sockets.length >= 2, 'a second connection');
    } finally {
      await closeFake(fake);
    }
  });

  it('backs off exponentially up to the cap while nothing listens', async () => {
    const fake = await fakeBroker(() => undefined);
    const url = fake.url;
    await closeFake(fake);
    const delays: number[] = [];
    const client = pool.start(url, 0, {
      reconnect: { initialDelayMs: 5, maxDelayMs: 40, multiplier: 2, jitter: 0 },
    });
    client.on('disconnected', ({ retryInMs }) => delays.push(retryInMs));
    await waitUntil(() => delays.length >= 6, 'six failed attempts');
    expect(delays.slice(0, 6)).toEqual([5, 10, 20, 40, 40, 40]);
    expect(client.state).not.toBe('ready');
  });

  it('stops promptly when aborted while backing off, and rejects a pending welcome()', async () => {
    const fake = await fakeBroker(() => undefined);
    const url = fake.url;
    await closeFake(fake);
    const controller = new AbortController();
    const client = new CdnClient({
      url,
      keyPair: nodeKey(0),
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    client.start(controller.signal);
    const welcome = client.welcome();
    await nextEvent(client, 'disconnected');
    const started = Date.now();
    controller.abort();
    // Promptly: far sooner than the 60 s backoff it was in (however slow the machine, it does not wait that out).
    await withTimeout(client.whenStopped(), 30_000, 'the client to stop');
    expect(Date.now() - started).toBeLessThan(30_000);
    await expect(welcome).rejects.toBeInstanceOf(CdnClientStoppedError);
    expect(client.state).toBe('stopped');
  });

  it('refuses a direct message by index before Welcome', () => {
    const client = new CdnClient({ url: 'tcp://127.0.0.1:1', keyPair: nodeKey(0) });
    expect(() => client.sendDirect(2, Uint8Array.of(1))).toThrow(UnknownRecipientError);
  });

  it('learns the broker frame limit: refuses larger messages locally and accepts anything up to it', async () => {
    const { broker, url } = await startBroker(2);
    try {
      const sender = pool.start(url, 0);
      expect((await nextEvent(sender, 'authenticated')).maxFrameBytes).toBe(64 * 1024);
      // This client would take only 1 KiB frames on its own, but the broker may forward up to 64 KiB.
      const receiver = pool.start(url, 1, { maxFrameBytes: 1024 });
      await receiver.welcome();
      expect(() => sender.broadcast(Topic.Global, new Uint8Array(64 * 1024))).toThrow(MessageTooLargeError);
      const delivered = nextEvent(receiver, 'message');
      sender.broadcast(Topic.Global, new Uint8Array(60 * 1024).fill(9));
      expect((await delivered).bytes.length).toBe(60 * 1024);
      expect(sender.stats.disconnects + receiver.stats.disconnects).toBe(0);
    } finally {
      await pool.stop();
      await broker.close();
    }
  });

  it('iterates deliveries in order and pauses reading while the consumer lags, losing nothing', async () => {
    // A budget far above the 600 KB sent: this test is about the client's pause, not the broker's limit.
    const { broker, url } = await startBroker(2, { outboundBudgetBytes: 16 * 1024 * 1024 });
    try {
      const sender = pool.start(url, 0);
      await nextEvent(sender, 'authenticated');
      const receiver = pool.start(url, 1, { inboxHighWaterMark: 5 });
      await receiver.welcome();
      const stream = receiver.messages();
      const count = 300;
      for (let i = 0; i < count; i++) sender.broadcast(Topic.Global, new Uint8Array(2000).fill(i % 256));
      // Nobody reads yet: the client stops reading from the socket instead of buffering all of it.
      await waitUntil(() => receiver.stats.framesReceived >= 5, 'the first deliveries');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(receiver.stats.framesReceived).toBeLessThan(count);
      const got: CdnDelivery[] = [];
      for await (const delivery of stream) {
        got.push(delivery);
        if (got.length === count) break;
      }
      expect(got.map((d) => d.bytes[0])).toEqual([...Array(count).keys()].map((i) => i % 256));
      expect(got.every((d) => d.sender === 0 && d.kind === 'broadcast')).toBe(true);
      expect(receiver.stats.disconnects).toBe(0);
    } finally {
      await pool.stop();
      await broker.close();
    }
  });
});
