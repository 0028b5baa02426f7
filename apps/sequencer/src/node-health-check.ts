import type { HealthCheck } from '@hotshot/telemetry';
import type { NodeStatus } from './api/api-ports';
import { unhealthyReason } from './api/node-health';

/**
 * The node's health for the operations server (`--metrics-port`), judged as the API's `/healthz` judges it:
 * `starting` until it joined the network, `failing` with the reason when storage failed or it stopped deciding.
 * `now` is the wall clock in ms.
 */
export function nodeHealthCheck(status: NodeStatus, now: () => number = Date.now): HealthCheck {
  return () => {
    if (!status.isRunning()) return { status: 'starting', reason: 'joining the network' };
    const unhealthy = status.healthFacts && unhealthyReason(status.healthFacts(), now());
    return unhealthy ? { status: 'failing', reason: unhealthy.shortMessage, ...unhealthy.details } : { status: 'ok' };
  };
}
