import { request as httpRequest } from 'node:http';
import { Counter, Registry } from 'prom-client';
import { httpRoute } from './http-routes';
import { startHttpServer, type HttpServer } from './http-server';
import { JsonLogger } from './logger';
import { opsRoutes, startOpsServer, startOpsServerIfEnabled, type HealthReport, type OpsServer } from './ops-server';

/** One request over a real socket: status, headers and body (fetch cannot send every method). */
function send(
  url: string,
  method: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the operations server', () => {
  const registry = new Registry();
  const requests = new Counter({ name: 'ops_test_requests_total', help: 'Requests', registers: [registry] });
  let report: HealthReport | Error = { status: 'ok' };
  const lines: string[] = [];
  let server: OpsServer;

  beforeAll(async () => {
    requests.inc(3);
    server = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      registry,
      health: () => {
        if (report instanceof Error) throw report;
        return report;
      },
      log: new JsonLogger({ level: 'warn', sink: (line) => lines.push(line) }),
    });
  });
  afterAll(() => server.close());

  it('binds the port it was asked for, or a free one for 0, and says where', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('serves the registry as Prometheus text at GET /metrics, query ignored', async () => {
    const res = await send(server.url, 'GET', '/metrics?x=1');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(registry.contentType);
    expect(res.body).toContain('# TYPE ops_test_requests_total counter');
    expect(res.body).toContain('ops_test_requests_total 3');
  });

  it('answers GET /healthz 200 with the report while the check says ok', async () => {
    report = { status: 'ok', height: 7n };
    const res = await send(server.url, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual({ status: 'ok', height: '7' });
  });

  it('answers 503 with the reason when the check says starting or failing', async () => {
    report = { status: 'starting', reason: 'waiting for L1' };
    expect(await send(server.url, 'GET', '/healthz')).toMatchObject({
      status: 503,
      body: JSON.stringify({ status: 'starting', reason: 'waiting for L1' }),
    });
    report = { status: 'failing', reason: 'storage failed' };
    const res = await send(server.url, 'GET', '/healthz');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ status: 'failing', reason: 'storage failed' });
  });

  it('answers 503 failing with the message when the check throws, and logs it', async () => {
    report = new Error('the engine is gone');
    const res = await send(server.url, 'GET', '/healthz');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ status: 'failing', reason: 'the engine is gone' });
    expect(lines.some((line) => line.includes('health check failed'))).toBe(true);
  });

  it('answers 404 for any other path', async () => {
    for (const path of ['/', '/metricsx', '/healthz/extra', '/v0/status/metrics']) {
      const res = await send(server.url, 'GET', path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'NotFound' });
    }
  });

  it('answers 405 with Allow for another method on its paths', async () => {
    for (const [method, path] of [
      ['POST', '/metrics'],
      ['PUT', '/healthz'],
      ['DELETE', '/metrics'],
    ]) {
      const res = await send(server.url, method, path);
      expect([method, path, res.status]).toEqual([method, path, 405]);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
  });

  it('answers HEAD with the status and no body', async () => {
    report = { status: 'failing', reason: 'down' };
    expect(await send(server.url, 'HEAD', '/healthz')).toMatchObject({ status: 503, body: '' });
    expect(await send(server.url, 'HEAD', '/metrics')).toMatchObject({ status: 200, body: '' });
  });

  it('answers 500 when collecting the metrics fails, and logs it', async () => {
    const broken = new Registry();
    new Counter({
      name: 'ops_test_broken_total',
      help: 'Throws at collection',
      registers: [broken],
      collect() {
        throw new Error('collector broke');
      },
    });
    const other = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      registry: broken,
      log: new JsonLogger({ level: 'warn', sink: (line) => lines.push(line) }),
    });
    try {
      expect((await send(other.url, 'GET', '/metrics')).status).toBe(500);
      expect(lines.some((line) => line.includes('metrics collection failed'))).toBe(true);
      // Without a health check of its own, the process is healthy while it answers.
      expect(await send(other.url, 'GET', '/healthz')).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    } finally {
      await other.close();
    }
  });

  it('closes while a client holds a keep-alive connection', async () => {
    const other = await startOpsServer({ host: '127.0.0.1', port: 0, registry });
    await fetch(`${other.url}/metrics`, { headers: { connection: 'keep-alive' } });
    await other.close();
    await expect(fetch(`${other.url}/metrics`)).rejects.toThrow();
  });
});

describe('the operations routes beside a binary’s own on one listener', () => {
  let server: HttpServer;

  beforeAll(async () => {
    const registry = new Registry();
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      routes: [
        ...opsRoutes({ registry, health: () => ({ status: 'ok', phase: 3 }) }),
        httpRoute('POST', '/', () => ({ status: 418, text: 'mine', contentType: 'text/plain' })),
      ],
    });
  });
  afterAll(() => server.close());

  it('answers its own paths and leaves the others to the binary’s routes', async () => {
    expect(await send(server.url, 'GET', '/healthz')).toMatchObject({ status: 200, body: '{"status":"ok","phase":3}' });
    expect((await send(server.url, 'GET', '/metrics')).status).toBe(200);
    expect((await send(server.url, 'POST', '/healthz')).status).toBe(405);
    expect(await send(server.url, 'POST', '/')).toMatchObject({ status: 418, body: 'mine' });
    expect((await send(server.url, 'GET', '/other')).status).toBe(404);
  });
});

describe('startOpsServerIfEnabled', () => {
  it('starts nothing without a port, and otherwise logs where it listens', async () => {
    const lines: string[] = [];
    const log = new JsonLogger({ sink: (line) => lines.push(line) });
    const registry = new Registry();
    expect(await startOpsServerIfEnabled({ host: '127.0.0.1', port: undefined, registry, log })).toBeUndefined();
    expect(lines).toEqual([]);
    const server = await startOpsServerIfEnabled({ host: '127.0.0.1', port: 0, registry, log });
    try {
      expect(JSON.parse(lines[0]!)).toMatchObject({
        msg: 'metrics listening',
        url: server!.url,
        host: '127.0.0.1',
        port: server!.port,
        path: '/metrics',
      });
      expect((await fetch(`${server!.url}/healthz`)).status).toBe(200);
    } finally {
      await server?.close();
    }
  });
});
