import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { healthCheck, healthProbe } from './compose-file';

/** The compose health probe, run by bash as the container runs it, against a real HTTP server. */
describe('healthProbe', () => {
  let server: Server;
  let port: number;
  let status: 'ok' | 'starting';

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url !== '/healthz') return void response.writeHead(404).end('{"error":"NotFound"}');
      response.writeHead(status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status, height: 7 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  // Asynchronous: the server answers from this process's event loop.
  const probe = (url: string) =>
    new Promise<number | null>((resolve) => {
      const child = spawn('bash', ['-c', healthProbe(url)], { stdio: 'ignore', timeout: 10_000 });
      child.once('close', resolve);
    });

  it('passes when the service says ok', async () => {
    status = 'ok';
    expect(await probe(`http://127.0.0.1:${port}/healthz`)).toBe(0);
  });

  it('fails while the service is starting, on another path, and when nothing listens', async () => {
    status = 'starting';
    expect(await probe(`http://127.0.0.1:${port}/healthz`)).toBe(1);
    status = 'ok';
    expect(await probe(`http://127.0.0.1:${port}/other`)).toBe(1);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await probe(`http://127.0.0.1:${port}/healthz`)).not.toBe(0);
  });

  it('runs bash, not node, with a start period and a timeout that fit a loaded machine', () => {
    const check = healthCheck('http://127.0.0.1:50001/healthz');
    expect((check.test as string[]).slice(0, 3)).toEqual(['CMD', 'bash', '-c']);
    expect(check).toMatchObject({ start_period: '300s', timeout: '10s', interval: '5s' });
  });
});
