import type { FaultContext, FaultInjector, InjectedFault } from './fault-types';

/** A hold time drawn from the scale's range. */
export function holdTime(ctx: FaultContext, factor = 1): number {
  const [min, max] = ctx.scale.holdMs;
  return Math.round(ctx.rng.int(min, max) * factor);
}

/** `count` distinct running nodes, at random. */
export function pickNodes(ctx: FaultContext, count: number): number[] {
  return ctx.rng.shuffle(ctx.net.upNodes()).slice(0, count);
}

/** Starts every node in `indices` again. */
function restartAll(ctx: FaultContext, indices: readonly number[]): Promise<void> {
  for (const i of indices) ctx.net.startNode(i);
  return Promise.resolve();
}

/** kill -9 of one node; it restarts from its data directory. Four of five keep deciding. */
export const kill9Node: FaultInjector = async (ctx) => {
  const [node] = pickNodes(ctx, 1);
  await ctx.net.stopNode(node!, 'SIGKILL');
  return {
    target: `node${node}`,
    holdMs: holdTime(ctx),
    progressExpected: true,
    heal: () => restartAll(ctx, [node!]),
  };
};

/** kill -9 of two nodes at once: no quorum until they are back; then the network must resume. */
export const kill9TwoNodes: FaultInjector = async (ctx) => {
  const nodes = pickNodes(ctx, 2);
  await Promise.all(nodes.map((i) => ctx.net.stopNode(i, 'SIGKILL')));
  return {
    target: `nodes ${nodes.join(',')}`,
    holdMs: holdTime(ctx, 0.5),
    progressExpected: false,
    heal: () => restartAll(ctx, nodes),
  };
};

/** SIGTERM of one node: it must shut down cleanly (exit 0) and rejoin. */
export const sigtermNode: FaultInjector = async (ctx) => {
  const [node] = pickNodes(ctx, 1);
  await ctx.net.stopNode(node!, 'SIGTERM');
  const exit = ctx.net.lastExit(node!);
  return {
    target: `node${node}`,
    holdMs: holdTime(ctx, 0.5),
    progressExpected: true,
    heal: () => restartAll(ctx, [node!]),
    verify: async () => ({
      facts: { exit },
      violations: exit === 'code 0' ? [] : [`node${node} ended with ${exit} on SIGTERM instead of exiting 0`],
    }),
  };
};

/** kill -9 of every node at once; all restart from disk together. */
export const kill9AllNodes: FaultInjector = async (ctx) => {
  const nodes = ctx.net.upNodes();
  await Promise.all(nodes.map((i) => ctx.net.stopNode(i, 'SIGKILL')));
  return {
    target: 'all nodes',
    holdMs: holdTime(ctx, 0.3),
    progressExpected: false,
    heal: () => restartAll(ctx, nodes),
  };
};

/** kill -9 of one node and the loss of its data directory: it must resync the chain from its peers. */
export const wipeNode: FaultInjector = async (ctx) => {
  const [node] = pickNodes(ctx, 1);
  await ctx.net.stopNode(node!, 'SIGKILL');
  ctx.net.wipeNode(node!);
  ctx.auditor.resetNode(node!);
  return {
    target: `node${node}`,
    holdMs: holdTime(ctx),
    progressExpected: true,
    heal: () => restartAll(ctx, [node!]),
  };
};

/** kill -9 of the broker: every node loses the network until it is back on the same port with its roster. */
export const kill9Broker: FaultInjector = async (ctx) => brokerRestart(ctx, 'SIGKILL');

/** SIGTERM of the broker: a clean stop (exit 0) and a restart. */
export const sigtermBroker: FaultInjector = async (ctx) => brokerRestart(ctx, 'SIGTERM');

async function brokerRestart(ctx: FaultContext, signal: NodeJS.Signals): Promise<InjectedFault> {
  await ctx.net.stopBroker(signal);
  const exit = ctx.net.brokerExit();
  return {
    target: 'broker',
    holdMs: holdTime(ctx, 0.5),
    progressExpected: false,
    heal: async () => ctx.net.startBroker(),
    verify: async () => ({
      facts: { signal, exit },
      violations:
        signal === 'SIGTERM' && exit !== 'code 0'
          ? [`the broker ended with ${exit} on SIGTERM instead of exiting 0`]
          : [],
    }),
  };
}
