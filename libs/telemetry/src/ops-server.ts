import type { Registry } from 'prom-client';
import { httpRoute, type HttpRoute } from './http-routes';
import { startHttpServer, type HttpServer } from './http-server';
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
 * The operations endpoints as routes: `GET /metrics` (Prometheus text from `registry`) and `GET /healthz` (the
 * health check's report as JSON, 200 when ok, else 503). A binary with routes of its own (the L2 JSON-RPC) serves
 * them beside its own on one listener: `startHttpServer({ routes: [...opsRoutes(options), ...mine] })`.
 */
export function opsRoutes(options: OpsRoutesOptions): HttpRoute[] {
  const log = options.log ?? silentLogger;
  const health = options.health ?? (() => ({ status: 'ok' as const }));
  return [
    httpRoute('GET', '/metrics', async () => {
      try {
        return { status: 200, text: await options.registry.metrics(), contentType: options.registry.contentType };
      } catch (error) {
        log.warn('metrics collection failed', { error });
        return { status: 500, json: { error: 'MetricsUnavailable', message: 'collecting the metrics failed' } };
      }
    }),
    httpRoute('GET', '/healthz', async () => {
      let report: HealthReport;
      try {
        report = await health();
      } catch (error) {
        log.warn('health check failed', { error });
        report = { status: 'failing', reason: error instanceof Error ? error.message : String(error) };
      }
      return { status: report.status === 'ok' ? 200 : 503, json: report };
    }),
  ];
}

/** A running operations server. */
export type OpsServer = HttpServer;

/**
 * Serves the operations endpoints (opsRoutes) on `host:port` (0 picks a free port); any other path is 404.
 */
export function startOpsServer(options: OpsRoutesOptions & { host: string; port: number }): Promise<OpsServer> {
  return startHttpServer({ host: options.host, port: options.port, routes: opsRoutes(options), log: options.log });
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
