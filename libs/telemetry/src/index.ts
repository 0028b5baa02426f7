export { Backoff, DEFAULT_BACKOFF, backoffDelay, sleep, type BackoffPolicy } from './backoff';
export { BodyShapeError, BodyTooLargeError, httpRoute, jsonBodyRoute, type HttpReply } from './http-routes';
export { lingerThenClose, startHttpServer, type HttpServer } from './http-server';
export { JsonLogger, silentLogger, type LogLevel, type Logger } from './logger';
export {
  opsRoutes,
  startOpsServer,
  startOpsServerIfEnabled,
  type HealthCheck,
  type HealthReport,
  type OpsServer,
} from './ops-server';
export { collectProcessMetrics } from './process-metrics';
export { shutdownSignal, type ShutdownSignal } from './shutdown';
