import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** A running ops server. */
export interface OpsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `/metrics` (Prometheus text from `registry`) and `/healthz` (`{"status": ...}`, 200 when `health()` says
 * ok, 503 otherwise) for a long-running L1 service. Everything else is 404.
 */
export async function startOpsServer(options: {
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  readonly health: () => { status: 'ok' | 'starting' | 'failing'; [key: string]: unknown };
}): Promise<OpsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/metrics') {
      options.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
      return;
    }
    if (request.method === 'GET' && path === '/healthz') {
      const health = options.health();
      response
        .writeHead(health.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify(health, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"NotFound"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
