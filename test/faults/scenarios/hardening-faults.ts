import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode } from '@hotshot/cdn';
import { demoKeyPair } from '@hotshot/crypto';
import { ANVIL_PRIVATE_KEYS } from '@hotshot/l1';
import { privateKeyToAccount } from 'viem/accounts';
import { oversizedPost } from '../../../apps/sequencer/src/api/testing/oversized-post';
import { floodAsMember } from '../hostile/member-flood';
import { StrangerFlood } from '../hostile/stranger-flood';
import { growth, parsePrometheusText, sumBy, sumSamples, type MetricSample } from '../support/prometheus-text';
import { pickNodes } from './crash-faults';
import type { FaultCheck, FaultContext, FaultInjector } from './fault-types';

/**
 * The attacks of issue 17 as faults of a session: each runs against the live network while the load and the chain
 * audit go on, records what it did, and checks that the refusal happened where it must (the broker's, a node's or
 * the rollup node's metrics, status codes, Error frames), besides the session's own invariants.
 */

const MiB = 1024 * 1024;
/** Loopback aliases the stranger flood dials from: 16 addresses of 32 sockets hold twice the broker's 256 places. */
const STRANGER_ADDRESSES = Array.from({ length: 16 }, (_, i) => `127.0.0.${i + 2}`);
const STRANGER_SOCKETS_PER_ADDRESS = 32;
/** What finding 2 sent, six at once: a 64 MiB transaction as JSON (84 MB). */
const OVERSIZED_BODY_BYTES = 84 * 1000 * 1000;
const OVERSIZED_POSTS = 6;
/** What left the attacker before the node cut the connection: socket buffers' worth (n2 hostile API clients). */
const OVERSIZED_WRITTEN_LIMIT = 32 * MiB;

/** The broker's counters, keyed `label` or `label|label`, for before/after comparisons. */
async function brokerCounters(ctx: FaultContext) {
  const text = await ctx.net.brokerMetricsText();
  const samples = parsePrometheusText(text ?? '');
  const pending: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== 'cdn_broker_pending_limit_total') continue;
    const key = `${s.labels.limit}|${s.labels.action}`;
    pending[key] = (pending[key] ?? 0) + s.value;
  }
  return {
    answered: text !== undefined,
    disconnects: sumBy(samples, 'cdn_broker_disconnects_total', 'reason'),
    pendingLimits: pending,
    sendBudget: sumBy(samples, 'cdn_broker_send_budget_total', 'action'),
    authenticated: sumSamples(samples, 'cdn_broker_authenticated_nodes'),
  };
}

function total(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** Waits until every node in `nodes` has decided `height`; the time that took, or undefined at the deadline. */
async function allReach(ctx: FaultContext, nodes: readonly number[], height: number, timeoutMs: number) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const heights = await ctx.net.heights();
    if (nodes.every((i) => (heights[i] ?? 0) >= height)) return Date.now() - started;
    await sleep(250);
  }
  return undefined;
}

const maxHeight = (heights: readonly (number | undefined)[]) => Math.max(0, ...heights.map((h) => h ?? 0));

/**
 * Finding 3: sockets without a key from 16 addresses fill the broker's places for connections awaiting
 * authentication, each re-opened as the broker closes it. While they do, every node's broker connection is reset:
 * all five members must get back in through the flood (a stranger from the busiest address gives way) and the
 * network decide on. The broker must count the refused and evicted strangers.
 */
export const strangerFlood: FaultInjector = async (ctx) => {
  const before = await brokerCounters(ctx);
  const flood = new StrangerFlood(ctx.net.brokerPort, STRANGER_ADDRESSES, STRANGER_SOCKETS_PER_ADDRESS);
  flood.start();
  // The flood holds every place once the broker refuses at a limit.
  let saturatedMs: number | undefined;
  const started = Date.now();
  while (Date.now() - started < 30_000) {
    const now = await brokerCounters(ctx);
    if (total(growth(before.pendingLimits, now.pendingLimits)) > 0) {
      saturatedMs = Date.now() - started;
      break;
    }
    await sleep(250);
  }
  // Every member reconnects through the flood.
  const members = ctx.net.upNodes();
  const resetHeight = maxHeight(await ctx.net.heights());
  for (const i of members) {
    ctx.net.proxies[i]!.setMode({ kind: 'cut' });
    ctx.net.proxies[i]!.heal();
  }
  const rejoinedMs = await allReach(ctx, members, resetHeight + 2, ctx.scale.progressWindowMs * 2);
  return {
    target: `broker, ${STRANGER_ADDRESSES.length}x${STRANGER_SOCKETS_PER_ADDRESS} stranger sockets`,
    holdMs: ctx.scale.hostileHoldMs,
    progressExpected: true,
    heal: async () => {
      flood.stop();
    },
    verify: async (): Promise<FaultCheck> => {
      const after = await brokerCounters(ctx);
      const pendingLimits = growth(before.pendingLimits, after.pendingLimits);
      const disconnects = growth(before.disconnects, after.disconnects);
      const violations: string[] = [];
      if (!after.answered) violations.push('the broker does not answer after the stranger flood');
      if (saturatedMs === undefined) violations.push('the broker counted no pending-connection limit within 30 s');
      if (!(total(pendingLimits) > 0)) violations.push('the broker counted no refused or evicted stranger');
      if (!(disconnects.too_many_connections! > 0)) violations.push('the broker counted no too_many_connections');
      if (!(flood.stats.refusalCodes[ErrorCode.TooManyConnections]! > 0)) {
        violations.push('no stranger was refused with TooManyConnections');
      }
      if (rejoinedMs === undefined) {
        violations.push(`the ${members.length} members did not all rejoin and decide through the stranger flood`);
      }
      return {
        facts: { flood: flood.stats, saturatedMs, rejoinedMs, pendingLimits, disconnects },
        violations,
      };
    },
  };
};

/**
 * Finding 4: a member (its node stopped, its key taken) broadcasts 4 MiB frames as fast as its socket takes them,
 * against the broker's production send budget. The broker must cut the flooder with SendBudgetExceeded, never drop
 * an honest member as a slow consumer, and count it; the other four keep deciding meanwhile.
 */
export const memberFlood: FaultInjector = async (ctx) => {
  const [node] = pickNodes(ctx, 1);
  const honest = ctx.net.upNodes().filter((i) => i !== node);
  await ctx.net.stopNode(node!, 'SIGKILL');
  const before = await brokerCounters(ctx);
  const heightBefore = maxHeight(await ctx.net.heights());
  const result = await floodAsMember({
    port: ctx.net.brokerPort,
    key: demoKeyPair(ctx.net.keySeed, node!),
    maxMs: 60_000,
  });
  const heightAfter = maxHeight(await ctx.net.heights());
  return {
    target: `broker via node${node} key`,
    holdMs: 0,
    progressExpected: true,
    heal: async () => ctx.net.startNode(node!),
    verify: async (): Promise<FaultCheck> => {
      const after = await brokerCounters(ctx);
      const disconnects = growth(before.disconnects, after.disconnects);
      const sendBudget = growth(before.sendBudget, after.sendBudget);
      const violations: string[] = [];
      if (!result.authenticated) violations.push(`the flooder was not admitted with node${node}'s key`);
      if (!result.closedByBroker) violations.push('the broker did not cut the flooder within 60 s');
      if (result.errorCode !== ErrorCode.SendBudgetExceeded) {
        violations.push(`the flooder was closed with Error ${result.errorCode}, not SendBudgetExceeded`);
      }
      // More than the 16 MiB burst: it really flooded.
      if (!(result.framesSent > 4)) violations.push(`the flooder sent only ${result.framesSent} frames`);
      if (!(disconnects.send_budget_exceeded! >= 1)) violations.push('the broker counted no send_budget_exceeded');
      if (!((sendBudget.cut_sustained ?? 0) + (sendBudget.cut_flooding ?? 0) >= 1)) {
        violations.push('the broker counted no send-budget cut');
      }
      if (disconnects.slow_consumer) {
        violations.push(`the broker dropped ${disconnects.slow_consumer} honest member(s) as slow consumers`);
      }
      return {
        facts: {
          flood: result,
          honest,
          decidedWhileFlooding: heightAfter - heightBefore,
          brokerDisconnects: disconnects,
          sendBudget,
        },
        violations,
      };
    },
  };
};

/** A node's count of answered submissions with `status`. */
async function submitAnswers(ctx: FaultContext, node: number, status: string): Promise<number | undefined> {
  const text = await ctx.net
    .api(node)
    .metricsText()
    .catch(() => undefined);
  if (text === undefined) return undefined;
  return sumSamples(parsePrometheusText(text), 'sequencer_api_requests_total', {
    route: '/v0/submit/submit',
    status,
  });
}

async function residentBytes(ctx: FaultContext, node: number): Promise<number | undefined> {
  const text = await ctx.net
    .api(node)
    .metricsText()
    .catch(() => undefined);
  const samples: MetricSample[] = parsePrometheusText(text ?? '');
  const rss = samples.find((s) => /^sequencer_process_(process_)?resident_memory_bytes$/.test(s.name));
  return rss?.value;
}

/**
 * Finding 2: six concurrent posts of 84 MB bodies to one node's submit route. Each must be answered 413 before the
 * body is read (what left the attacker is socket buffers' worth), counted as 413 in the node's metrics, and the
 * node must stay up and keep deciding.
 */
export const oversizedBodies: FaultInjector = async (ctx) => {
  const [node] = pickNodes(ctx, 1);
  const port = Number(new URL(ctx.net.api(node!).baseUrl).port);
  const countedBefore = await submitAnswers(ctx, node!, '413');
  const rssBefore = await residentBytes(ctx, node!);
  const attempts = await Promise.all(
    Array.from({ length: OVERSIZED_POSTS }, () => oversizedPost(port, OVERSIZED_BODY_BYTES)),
  );
  const rssAfter = await residentBytes(ctx, node!);
  return {
    target: `node${node} api`,
    holdMs: 0,
    progressExpected: true,
    heal: async () => undefined,
    verify: async (): Promise<FaultCheck> => {
      const counted = (await submitAnswers(ctx, node!, '413')) ?? 0;
      const violations: string[] = [];
      if (!ctx.net.isUp(node!)) violations.push(`node${node} is down after the oversized posts`);
      for (const { statusLine, written } of attempts) {
        if (!/^HTTP\/1\.1 413 /.test(statusLine)) violations.push(`an oversized post got "${statusLine}", not 413`);
        if (written >= OVERSIZED_WRITTEN_LIMIT) {
          violations.push(`${written} bytes of an oversized post left the attacker before it was refused`);
        }
      }
      if (countedBefore === undefined || counted - countedBefore < OVERSIZED_POSTS) {
        violations.push(`node${node} counted ${counted - (countedBefore ?? 0)} submit 413s, not ${OVERSIZED_POSTS}`);
      }
      return {
        facts: {
          statusLines: attempts.map((a) => a.statusLine),
          writtenMiB: attempts.map((a) => Math.round(a.written / MiB)),
          counted413: counted - (countedBefore ?? 0),
          rssMiB: { before: rssBefore && Math.round(rssBefore / MiB), after: rssAfter && Math.round(rssAfter / MiB) },
        },
        violations,
      };
    },
  };
};

type RpcReply = { result?: unknown; error?: { code: number; message: string } };

async function rpc(url: string, method: string, params: unknown[]): Promise<RpcReply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(5000),
  });
  return (await res.json()) as RpcReply;
}

async function refusedByReason(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  return sumBy(parsePrometheusText(text), 'zkevm_node_rpc_refused_total', 'reason');
}

/** Methods that put or mine a transaction nobody signed (the critical finding), and the engine's own controls. */
const UNSIGNED_METHODS = ['eth_sendUnsignedTransaction', 'eth_sendTransactionSync', 'eth_sendTransaction'];
const ENGINE_CONTROLS: readonly [string, (victim: string, thief: string) => unknown[]][] = [
  ['anvil_setBalance', (_, thief) => [thief, '0xffffffffffffffffffff']],
  ['anvil_impersonateAccount', (victim) => [victim]],
  ['evm_mine', () => []],
];

/**
 * Finding 1: unsigned transfers of 1,000 ETH from anvil's account 0, and the engine's controls, through the
 * rollup node's public L2 JSON-RPC. Each must be refused with -32601 and counted (method_not_offered); once the L2
 * has executed further heights, the victim's balance and nonce are unchanged and the thief has nothing.
 */
export const unsignedL2: FaultInjector = async (ctx) => {
  const rollup = ctx.l1?.rollupNode;
  if (!rollup) throw new Error('unsigned-l2 needs the L1 side with its rollup node');
  const url = rollup.rpcUrl;
  const victim = privateKeyToAccount(ANVIL_PRIVATE_KEYS[0]).address;
  const thief = `0x${randomBytes(20).toString('hex')}`;
  const state = async () => ({
    block: Number((await rpc(url, 'eth_blockNumber', [])).result),
    balance: String((await rpc(url, 'eth_getBalance', [victim, 'latest'])).result),
    nonce: Number((await rpc(url, 'eth_getTransactionCount', [victim, 'latest'])).result),
    thief: String((await rpc(url, 'eth_getBalance', [thief, 'latest'])).result),
  });
  const refusedBefore = await refusedByReason(url);
  const before = await state();
  const theft = { from: victim, to: thief, value: `0x${(1000n * 10n ** 18n).toString(16)}`, gas: '0x5208' };
  const answers: Record<string, number | string> = {};
  let attempts = 0;
  for (let round = 0; round < 3; round++) {
    for (const method of UNSIGNED_METHODS) {
      const reply = await rpc(url, method, [theft]);
      answers[method] = reply.error?.code ?? `accepted: ${JSON.stringify(reply.result)}`;
      attempts++;
    }
  }
  for (const [method, params] of ENGINE_CONTROLS) {
    const reply = await rpc(url, method, params(victim, thief));
    answers[method] = reply.error?.code ?? `accepted: ${JSON.stringify(reply.result)}`;
    attempts++;
  }
  return {
    target: 'zkevm-node L2 JSON-RPC',
    holdMs: 0,
    progressExpected: true,
    heal: async () => undefined,
    // The L2 executes past the attack (with the old bug, the next L2 block carried the theft).
    recovered: async () => (await state()).block >= before.block + 2,
    verify: async (): Promise<FaultCheck> => {
      const after = await state();
      const refused = growth(refusedBefore, await refusedByReason(url));
      const violations: string[] = [];
      for (const [method, code] of Object.entries(answers)) {
        if (code !== -32601) violations.push(`${method} answered ${code}, not -32601`);
      }
      if (!((refused.method_not_offered ?? 0) >= attempts)) {
        violations.push(`the rollup node counted ${refused.method_not_offered ?? 0} refusals of ${attempts}`);
      }
      if (!(after.block > before.block)) violations.push(`the L2 did not execute past block ${before.block}`);
      if (after.balance !== before.balance || after.nonce !== before.nonce) {
        violations.push(`the victim's L2 account changed: ${JSON.stringify({ before, after })}`);
      }
      if (BigInt(after.thief) !== 0n) violations.push(`the thief holds ${after.thief} on L2`);
      return { facts: { answers, attempts, refused, l2Blocks: [before.block, after.block] }, violations };
    },
  };
};
