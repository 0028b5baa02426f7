import net, { type Server, type Socket } from 'node:net';
import { FaultProxy } from './fault-proxy';

/** An echo server standing in for the broker. */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as net.AddressInfo).port };
}

/** A client of the proxy that collects what comes back. */
async function client(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.on('error', () => undefined);
  let data = '';
  socket.on('data', (chunk) => (data += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, received: () => data, closed };
}

async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('FaultProxy', () => {
  let upstream: { server: Server; port: number };
  let proxy: FaultProxy;

  beforeEach(async () => {
    upstream = await echoServer();
    proxy = new FaultProxy(upstream.port);
    await proxy.listen();
  });
  afterEach(async () => {
    await proxy.close();
    upstream.server.close();
  });

  it('passes bytes both ways in order', async () => {
    const c = await client(proxy.port);
    for (let i = 0; i < 100; i++) c.socket.write(`${i},`);
    const expected = Array.from({ length: 100 }, (_, i) => `${i},`).join('');
    await until(() => c.received() === expected);
    c.socket.destroy();
  });

  it('delays every chunk by at least the configured time and keeps the order under jitter', async () => {
    proxy.setMode({ kind: 'delay', ms: 150, jitterMs: 100 });
    const c = await client(proxy.port);
    const sentAt = Date.now();
    for (let i = 0; i < 20; i++) c.socket.write(`${i};`);
    const expected = Array.from({ length: 20 }, (_, i) => `${i};`).join('');
    await until(() => c.received().length > 0);
    // Up to the broker and back down: two delayed hops.
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(290);
    await until(() => c.received() === expected);
    c.socket.destroy();
  });

  it('cut resets open connections and refuses new ones until healed', async () => {
    const c = await client(proxy.port);
    c.socket.write('before');
    await until(() => c.received() === 'before');
    proxy.setMode({ kind: 'cut' });
    await c.closed;
    const refused = net.connect({ host: '127.0.0.1', port: proxy.port });
    const error = await new Promise<Error>((resolve) => refused.once('error', resolve));
    expect(error.message).toMatch(/ECONNRESET/);
    expect(proxy.stats.refused).toBe(1);
    proxy.heal();
    const after = await client(proxy.port);
    after.socket.write('after');
    await until(() => after.received() === 'after');
    after.socket.destroy();
  });

  it('stall holds bytes without closing anything and releases them on heal', async () => {
    const c = await client(proxy.port);
    proxy.setMode({ kind: 'stall' });
    c.socket.write('held');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(c.received()).toBe('');
    expect(proxy.openConnections).toBe(1);
    proxy.heal();
    await until(() => c.received() === 'held');
    c.socket.destroy();
  });
});
