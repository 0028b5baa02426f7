import { holdTime, pickNodes } from './crash-faults';
import type { FaultContext, FaultInjector, InjectedFault } from './fault-types';

/** A hard partition of one node from the broker: connections reset, reconnects refused. */
export const partitionNode: FaultInjector = async (ctx) => cut(ctx, 1, true);

/** Two nodes cut off at once: the remaining three are no quorum, so the network waits and must resume. */
export const partitionTwoNodes: FaultInjector = async (ctx) => cut(ctx, 2, false);

function cut(ctx: FaultContext, count: number, progressExpected: boolean): InjectedFault {
  const nodes = pickNodes(ctx, count);
  for (const i of nodes) ctx.net.proxies[i]!.setMode({ kind: 'cut' });
  return {
    target: nodes.length === 1 ? `node${nodes[0]}` : `nodes ${nodes.join(',')}`,
    holdMs: holdTime(ctx, progressExpected ? 1 : 0.5),
    progressExpected,
    heal: async () => {
      for (const i of nodes) ctx.net.proxies[i]!.heal();
    },
  };
}

/**
 * A silent partition of one node: nothing flows and nothing closes, as when packets are dropped. Short stalls end
 * with a burst of stale messages; stalls past the 15 s heartbeat timeout end with both sides dropping the link.
 */
export const stallNode: FaultInjector = async (ctx) => {
  const [node] = pickNodes(ctx, 1);
  const proxy = ctx.net.proxies[node!]!;
  proxy.setMode({ kind: 'stall' });
  const holdMs = ctx.rng.chance(0.25) ? 16_000 + ctx.rng.int(0, 4000) : holdTime(ctx);
  return {
    target: `node${node}`,
    holdMs,
    progressExpected: true,
    heal: async () => proxy.heal(),
  };
};

/** Latency (and jitter) on the links of one to all nodes. */
export const delayNodes: FaultInjector = async (ctx) => {
  const count = ctx.rng.int(1, ctx.net.size);
  const nodes = pickNodes(ctx, count);
  const ms = ctx.rng.int(50, 300);
  const jitterMs = ctx.rng.int(0, 100);
  for (const i of nodes) ctx.net.proxies[i]!.setMode({ kind: 'delay', ms, jitterMs });
  return {
    target: `nodes ${nodes.join(',')} +${ms}ms±${jitterMs}`,
    holdMs: holdTime(ctx, 2),
    progressExpected: true,
    heal: async () => {
      for (const i of nodes) ctx.net.proxies[i]!.heal();
    },
  };
};
