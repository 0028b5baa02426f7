import { BaseError } from '@hotshot/protocol';
import { NodeUnhealthyError } from './api-errors';
import type { NodeHealthFacts } from './api-ports';

/**
 * Why a running node is unhealthy, or undefined when it is healthy: storage failed (consensus stopped and the
 * process is exiting), or it has not decided for longer than `stallAfterMs` since its last decide or the start of
 * its consensus, whichever is later. `nowMs` is the wall clock in ms.
 */
export function unhealthyReason(facts: NodeHealthFacts, nowMs: number): NodeUnhealthyError | undefined {
  if (facts.storageFailure) {
    const error = facts.storageFailure;
    return new NodeUnhealthyError('storage failed and consensus stopped; free space or repair storage, then restart', {
      storageFailure: error instanceof BaseError ? error.shortMessage : error.message,
      cause: error.cause instanceof Error ? error.cause.message : undefined,
    });
  }
  if (facts.lastProgressAtMs === undefined || facts.stallAfterMs === undefined) return undefined;
  const sinceMs = nowMs - facts.lastProgressAtMs;
  if (sinceMs <= facts.stallAfterMs) return undefined;
  return new NodeUnhealthyError('the node has not decided a block for longer than ten view timeouts', {
    secondsSinceLastDecide: Math.round(sinceMs / 100) / 10,
    stallAfterSeconds: facts.stallAfterMs / 1000,
  });
}
