import { createPublicClient, http, type PublicClient } from 'viem';
import { ConfigError, type FlagValues } from '@hotshot/config';
import {
  ContractWriter,
  NamespaceFollower,
  RollupAdaptor,
  SequencerApiClient,
  connectL1WithRetry,
  l1Chain,
  readPrivateKey,
  type Deployment,
  type L1Clients,
} from '@hotshot/l1';
import type { Logger } from '@hotshot/telemetry';
import { NO_DATA_SOURCE, SequencerDataSource } from './derivation/batch-data';
import { runDerivation } from './derivation/derivation-loop';
import type { HeightSource } from './derivation/height-source';
import { L1BatchSource } from './derivation/l1-batch-source';
import { StreamHeightSource } from './derivation/stream-height-source';
import { EngineClient } from './engine/engine-client';
import { startEngine } from './engine/engine-process';
import { BatchExecutor } from './execution/batch-executor';
import { ExecutedChain } from './execution/executed-chain';
import { ZkevmNodeMetrics } from './metrics/node-metrics';
import { startL2Rpc } from './rpc/l2-rpc-server';
import { PendingPool } from './rpc/pending-pool';
import { runTogether } from './run-together';
import { L1Reconciler } from './settlement/l1-reconciler';
import { RollupEventReader } from './settlement/rollup-event-reader';
import { runSettlement } from './settlement/settlement-loop';
import { StateRootPoster } from './settlement/state-root-poster';
import type { zkevmNodeFlags } from './zkevm-node.flags';

type Flags = FlagValues<typeof zkevmNodeFlags>;

/** The rollup node's phase from its flags: `--integrated` is phase 3. */
export function phaseOf(flags: Pick<Flags, 'phase' | 'integrated'>): 1 | 2 | 3 {
  if (flags.integrated && flags.phase === '2') {
    throw new ConfigError('--integrated is phase 3; it cannot be combined with --phase 2', { phase: flags.phase });
  }
  return flags.integrated ? 3 : (Number(flags.phase) as 1 | 2 | 3);
}

/**
 * Runs the rollup node until `signal` aborts: the engine, the L2 RPC, the derivation (from L1, or from the
 * sequencer's stream with --preconf and in phase 3), the reconciliation with L1, and in phase 3 the in-process adaptor
 * and the state-root poster. Returns when stopped; throws when L1 contradicts the node or the engine fails.
 */
export async function runRollupNode(
  flags: Flags,
  deployment: Deployment,
  log: Logger,
  signal: AbortSignal,
): Promise<void> {
  const phase = phaseOf(flags);
  const fromStream = phase === 3 || flags.preconf;
  // Phase 3 reads the key before anything starts, so a missing key is a usage error, not a half-started node.
  const key =
    phase === 3
      ? readPrivateKey({
          file: flags['l1-key-file'],
          value: flags['l1-key'],
          what: 'the L1 key (--l1-key-file or ZKEVM_L1_KEY)',
        })
      : undefined;
  const l1 = createPublicClient({
    chain: l1Chain(flags['l1-url'], deployment.l1ChainId),
    transport: http(flags['l1-url']),
  }) as PublicClient;
  const sequencer = new SequencerApiClient(flags['sequencer-url']);
  const chain = new ExecutedChain(deployment.startHeight);
  const reconciler = new L1Reconciler(chain, log.child({ module: 'reconciler' }));
  const engineProcess = await startEngine({ chainId: flags['chain-id'], port: flags['engine-port'] });
  const engine = new EngineClient(engineProcess.url);
  const metrics = new ZkevmNodeMetrics();
  const pending = new PendingPool();
  let rpc;
  try {
    rpc = await startL2Rpc({
      host: flags['rpc-host'],
      port: flags['rpc-port'],
      engine,
      sequencer,
      namespace: flags.namespace,
      chainId: flags['chain-id'],
      log,
      pending,
      metrics,
      health: () => ({
        status: 'ok',
        phase,
        preconf: fromStream,
        executedHeight: chain.tip?.height ?? null,
        l2Block: chain.tip?.l2Block ?? 0,
        l1ConfirmedHeight: reconciler.confirmedHeight,
        verifiedHeight: reconciler.verifiedHeight,
      }),
    });
    log.info('zkevm node started', {
      phase,
      preconf: fromStream,
      rpc: rpc.url,
      engine: engineProcess.url,
      chainId: flags['chain-id'],
      namespace: flags.namespace,
      rollup: deployment.rollup,
      startHeight: deployment.startHeight,
    });
    const l1Writer = key ? await connectL1WithRetry(flags['l1-url'], key, { log, signal }) : undefined;
    if (key && !l1Writer) return;
    const tasks: ((signal: AbortSignal) => Promise<void>)[] = [];
    let source: HeightSource;
    if (fromStream) {
      const follower = new NamespaceFollower({
        api: sequencer,
        namespace: flags.namespace,
        from: deployment.startHeight,
        log: log.child({ module: 'follower' }),
      });
      source = new StreamHeightSource(follower, flags.namespace, deployment.startHeight, flags['poll-interval-ms']);
      tasks.push(async (taskSignal) => {
        follower.start(taskSignal);
        await follower.stopped();
      });
    } else {
      source = new L1BatchSource({
        l1,
        deployment,
        phase: phase as 1 | 2,
        data: phase === 2 ? new SequencerDataSource(sequencer, flags.namespace) : NO_DATA_SOURCE,
        pollIntervalMs: flags['poll-interval-ms'],
      });
    }
    const executor = new BatchExecutor(engine, flags['chain-id'], log, metrics, (outcome) => {
      const skipped = pending.settle(outcome);
      if (skipped > 0) metrics.skippedAfterAcceptance.inc(skipped);
    });
    tasks.push((taskSignal) =>
      runDerivation({ source, executor, chain, retryDelayMs: flags['poll-interval-ms'], log }, taskSignal),
    );
    const writer = l1Writer ? new ContractWriter(l1Writer) : undefined;
    tasks.push((taskSignal) =>
      runSettlement(
        {
          reader: new RollupEventReader(l1, deployment),
          reconciler,
          poster: writer && new StateRootPoster({ l1, writer, rollup: deployment.rollup, log }),
          pollIntervalMs: flags['poll-interval-ms'],
          log,
        },
        taskSignal,
      ),
    );
    if (l1Writer && writer)
      tasks.push((taskSignal) => integratedAdaptor(l1Writer, writer, deployment, flags, log).run(taskSignal));
    await runTogether(tasks, signal);
  } finally {
    await rpc?.close();
    await engineProcess.stop();
  }
}

/** Phase 3's adaptor, in-process: posts the namespace's batch commitments from the same account as the state roots. */
function integratedAdaptor(
  l1: L1Clients,
  writer: ContractWriter,
  deployment: Deployment,
  flags: Flags,
  log: Logger,
): RollupAdaptor {
  return new RollupAdaptor({
    api: new SequencerApiClient(flags['sequencer-url']),
    l1,
    writer,
    hotShot: deployment.hotShot,
    rollup: deployment.rollup,
    namespace: flags.namespace,
    mode: 'offchain-da',
    log: log.child({ module: 'adaptor' }),
    pollIntervalMs: flags['poll-interval-ms'],
  });
}
