import { readFileSync } from 'node:fs';
import { demoKeyPair } from '@hotshot/crypto';
import { fuzzBrokerFrames } from '../hostile/frame-fuzz';
import type { HostileMode } from '../hostile/hostile-behavior';
import { fuzzNodeApi } from '../hostile/http-fuzz';
import { growth, parsePrometheusText, sumBy, type MetricSample } from '../support/prometheus-text';
import { pickNodes } from './crash-faults';
import type { FaultCheck, FaultContext, FaultInjector } from './fault-types';

/** The network's default maxTxBytes: one byte more is refused by every mempool. */
const MAX_TX_BYTES = 1024 * 1024;
/** Broker Error codes the scripted Authenticate refusals must get (libs/cdn ErrorCode). */
const EXPECTED_REFUSALS: Record<string, number> = { stale: 4, forged: 5, outsider: 6, replayed: 8 };

/** Honest nodes' metrics summed by label, for before/after comparisons. */
interface MetricTotals {
  readonly rejected: Record<string, number>;
  readonly ignored: Record<string, number>;
  readonly undecodableBySender: Record<string, number>;
  readonly submitted: Record<string, number>;
}

async function honestTotals(ctx: FaultContext, nodes: readonly number[]): Promise<MetricTotals> {
  const samples: MetricSample[] = [];
  for (const i of nodes) {
    const text = await ctx.net
      .api(i)
      .metricsText()
      .catch(() => '');
    samples.push(...parsePrometheusText(text));
  }
  return {
    rejected: sumBy(samples, 'sequencer_consensus_rejected_messages_total', 'reason'),
    ignored: sumBy(samples, 'sequencer_consensus_ignored_messages_total', 'reason'),
    undecodableBySender: sumBy(samples, 'sequencer_network_undecodable_messages_total', 'sender'),
    submitted: sumBy(samples, 'sequencer_submitted_transactions_total', 'outcome'),
  };
}

function delta(before: MetricTotals, after: MetricTotals) {
  return {
    rejected: growth(before.rejected, after.rejected),
    ignored: growth(before.ignored, after.ignored),
    undecodableBySender: growth(before.undecodableBySender, after.undecodableBySender),
    submitted: growth(before.submitted, after.submitted),
  };
}

/** The last `hostile stats` line the hostile process logged (what it sent). */
function hostileStats(logFile: string): Record<string, number> {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return {};
  }
  const lines = text.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      const json = JSON.parse(line) as { msg?: string; sent?: Record<string, number> };
      if (json.msg === 'hostile stats' && json.sent) return json.sent;
    } catch {
      // Not JSON (a stack trace): keep looking.
    }
  }
  return {};
}

/** Waits until the JSON log at `logFile` has a line with `msg`; false after `timeoutMs`. */
async function logLineWithin(logFile: string, msg: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let text = '';
    try {
      text = readFileSync(logFile, 'utf8');
    } catch {
      // Not written yet.
    }
    if (text.includes(`"msg":"${msg}"`)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** What each hostile mode must leave in the honest nodes' metrics. */
const EXPECTED: Record<HostileMode, { rejected?: string[]; ignoredAny?: boolean; sent: string }> = {
  equivocate: { rejected: ['equivocation'], sent: 'double-votes' },
  'bad-signatures': { rejected: ['invalid-signature'], sent: 'bad-signature-messages' },
  replay: { rejected: ['sender-mismatch'], ignoredAny: true, sent: 'replayed-others' },
};

/**
 * A real member's node stops and a hostile process takes its key for a while (equivocating, forging signatures,
 * or replaying). The four honest nodes must keep deciding, refuse every bad message and count it in metrics.
 */
function hostileMember(mode: HostileMode): FaultInjector {
  return async (ctx) => {
    const [node] = pickNodes(ctx, 1);
    const honest = ctx.net.upNodes().filter((i) => i !== node);
    // SIGKILL: the clean stop is sigterm-node's to check; here the key just changes hands.
    await ctx.net.stopNode(node!, 'SIGKILL');
    const before = await honestTotals(ctx, honest);
    const hostile = ctx.spawnHostile(mode, node!);
    // tsx compiles the hostile member on start (seconds on a busy machine): the attack holds from its join on.
    const joined = await logLineWithin(hostile.spec.logFile, 'joined', 60_000);
    let stats: Record<string, number> = {};
    return {
      target: `node${node} key`,
      holdMs: ctx.scale.hostileHoldMs,
      progressExpected: true,
      heal: async () => {
        await hostile.stop('SIGTERM');
        stats = hostileStats(hostile.spec.logFile);
        ctx.net.startNode(node!);
      },
      verify: async (): Promise<FaultCheck> => {
        const grown = delta(before, await honestTotals(ctx, honest));
        const expected = EXPECTED[mode];
        const violations: string[] = [];
        if (!joined) violations.push(`the hostile ${mode} process did not join within 60 s`);
        if (!(stats[expected.sent]! > 0)) violations.push(`the hostile ${mode} process sent no ${expected.sent}`);
        for (const reason of expected.rejected ?? []) {
          if (!(grown.rejected[reason]! > 0)) violations.push(`no honest node counted a ${reason} rejection`);
        }
        if (expected.ignoredAny && Object.keys(grown.ignored).length === 0) {
          violations.push('no honest node counted an ignored replay');
        }
        return { facts: { hostileSent: stats, honestMetricsGrowth: grown }, violations };
      },
    };
  };
}

export const byzantineEquivocation = hostileMember('equivocate');
export const invalidSignatures = hostileMember('bad-signatures');
export const replay = hostileMember('replay');

/**
 * Frames fuzzed into the live broker through a member's key (its node stopped for the burst) and on fresh
 * connections, plus hand-made bad Authenticate frames. The broker must refuse and count, keep running, and keep
 * routing; the nodes must count what reached them as undecodable.
 */
export const frameFuzz: FaultInjector = async (ctx) => {
  const [node] = pickNodes(ctx, 1);
  const honest = ctx.net.upNodes().filter((i) => i !== node);
  const stakeIndex = await ctx.net.stakeIndexOf(node!);
  await ctx.net.stopNode(node!, 'SIGKILL');
  const before = await honestTotals(ctx, honest);
  const brokerBefore = sumBy(
    parsePrometheusText((await ctx.net.brokerMetricsText()) ?? ''),
    'cdn_broker_disconnects_total',
    'reason',
  );
  const keys = Array.from({ length: ctx.net.size }, (_, i) => demoKeyPair(ctx.net.keySeed, i));
  const result = await fuzzBrokerFrames({
    port: ctx.net.brokerPort,
    memberKey: keys[node!]!,
    otherKeys: keys.filter((_, i) => i !== node),
    frames: ctx.scale.fuzzFrames,
    seed: ctx.rng.uint32(),
    mutatedTrafficShare: 0.3,
    breakingOnAuthenticated: 20,
    unauthenticatedConnections: ctx.scale.fuzzConnections,
  });
  return {
    target: `broker via node${node} key`,
    holdMs: 0,
    progressExpected: true,
    heal: async () => ctx.net.startNode(node!),
    verify: async () => {
      const grown = delta(before, await honestTotals(ctx, honest));
      const brokerText = await ctx.net.brokerMetricsText();
      const disconnects = growth(
        brokerBefore,
        sumBy(parsePrometheusText(brokerText ?? ''), 'cdn_broker_disconnects_total', 'reason'),
      );
      const violations: string[] = [];
      if (!ctx.net.brokerRunning || brokerText === undefined) violations.push('the broker is down after fuzzing');
      if (!(grown.undecodableBySender[String(stakeIndex)]! > 0)) {
        violations.push(`no honest node counted an undecodable message from node${node}'s key (index ${stakeIndex})`);
      }
      for (const reason of ['malformed_frame', 'unexpected_frame', 'stale_timestamp', 'bad_signature']) {
        if (!(disconnects[reason]! > 0)) violations.push(`the broker counted no ${reason} disconnect`);
      }
      for (const [attempt, code] of Object.entries(EXPECTED_REFUSALS)) {
        if (result.scriptedRefusals[attempt] !== code) {
          violations.push(`a ${attempt} Authenticate got Error ${result.scriptedRefusals[attempt]}, expected ${code}`);
        }
      }
      return { facts: { fuzz: result, brokerDisconnects: disconnects, honestMetricsGrowth: grown }, violations };
    },
  };
};

/** Fuzzed HTTP into one running node's API: every request answered, no 5xx but 503, the node unharmed. */
export const httpFuzz: FaultInjector = async (ctx) => {
  const [node] = pickNodes(ctx, 1);
  const before = await honestTotals(ctx, [node!]);
  const result = await fuzzNodeApi({
    baseUrl: ctx.net.api(node!).baseUrl,
    requests: ctx.scale.httpRequests,
    rawConnections: Math.max(10, Math.round(ctx.scale.httpRequests / 20)),
    seed: ctx.rng.uint32(),
    oversizedPayloadBytes: MAX_TX_BYTES + 1,
  });
  return {
    target: `node${node} api`,
    holdMs: 0,
    progressExpected: true,
    heal: async () => undefined,
    verify: async () => {
      const grown = delta(before, await honestTotals(ctx, [node!]));
      const violations: string[] = [];
      if (!ctx.net.isUp(node!)) violations.push(`node${node} is down after HTTP fuzzing`);
      for (const error of result.serverErrors.slice(0, 5)) {
        violations.push(
          `${error.method} ${error.path.slice(0, 80)} answered ${error.status}: ${error.body.slice(0, 120)}`,
        );
      }
      if (result.unanswered.length > 0) {
        violations.push(
          `${result.unanswered.length} fuzzed requests got no answer, e.g. ${JSON.stringify(result.unanswered.slice(0, 3))}`,
        );
      }
      if (!(grown.submitted.refused! >= 2)) violations.push('oversized submissions were not counted as refused');
      const { serverErrors, unanswered, ...summary } = result;
      return {
        facts: { ...summary, serverErrors: serverErrors.length, unanswered: unanswered.length, metricsGrowth: grown },
        violations,
      };
    },
  };
};
