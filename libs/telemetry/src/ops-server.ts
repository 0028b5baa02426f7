import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { silentLogger, type Logger } from './logger';

/**
 * What a health check reports: `ok` answers 200, anything else 503. `reason` says in a sentence why the process is
 * not ok; further fields (heights, phases) go into the JSON as they are (bigints as decimal strings).
 */
export interface HealthReport {
  readonly status: 'ok' | 'starting' | 'failing';
  readonly reason?: string;
  readonly [field: string]: unknown;
}

/** Judges the process's health at each `GET /healthz`; a throw is reported as `failing` with its message. */
export type HealthCheck = () => HealthReport | Promise<HealthReport>;

/** What the operations endpoints serve. */
export interface OpsRoutesOptions {
  /** Served as Prometheus text at `GET /metrics`. */
  readonly registry: Registry;
  /** Judged at `GET /healthz`; default: always ok. */
  readonly health?: HealthCheck;
  /** Where a failed metrics collection or health check is logged; default silent. */
  readonly log?: Logger;
}

/**
 * Answers a request for `/metrics` or `/healthz` (query ignored) and returns true, or returns false and leaves the
 * request to the caller: a server with routes of its own (the L2 JSON-RPC) mounts the operations endpoints this way.
 * Only GET and HEAD are answered on those paths; another method gets 405 with `Allow`.
 */
export type OpsRoutes = (request: IncomingMessage, response: ServerResponse) => boolean;

const OPS_PATHS = new Set(['/metrics', '/healthz']);
const ALLOWED = 'GET, HEAD';

/** The operations endpoints as a handler to mount in a server of one's own (see OpsRoutes). */
export function opsRoutes(options: OpsRoutesOptions): OpsRoutes {
  const log = options.log ?? silentLogger;
  const health = options.health ?? (() => ({ status: 'ok' as const }));
  return (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (!OPS_PATHS.has(path)) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { error: 'MethodNotAllowed', message: `${path} answers GET` }, { allow: ALLOWED });
      return true;
    }
    if (path === '/metrics') {
      options.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
        (error: unknown) => {
          log.warn('metrics collection failed', { error });
          sendJson(response, 500, { error: 'MetricsUnavailable', message: 'collecting the metrics failed' });
        },
      );
      return true;
    }
    Promise.resolve()
      .then(health)
      .catch((error: unknown): HealthReport => {
        log.warn('health check failed', { error });
        return { status: 'failing', reason: error instanceof Error ? error.message : String(error) };
      })
      .then((report) => sendJson(response, report.status === 'ok' ? 200 : 503, report));
    return true;
  };
}

/** A running operations server. */
export interface OpsServer {
  /** `http://host:port`, with the port bound (the one asked for, or the one picked for port 0). */
  readonly url: string;
  readonly port: number;
  /** Stops listening and drops open connections (a scraper's keep-alive must not hold shutdown). */
  close(): Promise<void>;
}

/**
 * Serves the operations endpoints on `host:port` (0 picks a free port): `GET /metrics` (Prometheus text from
 * `registry`) and `GET /healthz` (the health check's report as JSON, 200 when ok, else 503). Any other path is 404.
 */
export async function startOpsServer(options: OpsRoutesOptions & { host: string; port: number }): Promise<OpsServer> {
  const routes = opsRoutes(options);
  const server: Server = createServer((request, response) => {
    if (!routes(request, response)) sendJson(response, 404, { error: 'NotFound', message: 'try /metrics or /healthz' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A binary's optional operations server: started on `port` when it is set (its `--metrics-port`), with a
 * `metrics listening` log line naming where; undefined (nothing started) when the port is unset.
 */
export async function startOpsServerIfEnabled(
  options: OpsRoutesOptions & { host: string; port: number | undefined; log: Logger },
): Promise<OpsServer | undefined> {
  if (options.port === undefined) return undefined;
  const server = await startOpsServer({ ...options, port: options.port });
  options.log.info('metrics listening', { url: server.url, host: options.host, port: server.port, path: '/metrics' });
  return server;
}

function sendJson(response: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  if (response.headersSent) return void response.end();
  response
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
}
