import { createPublicClient, http, type PublicClient } from 'viem';
import { ContractWriter, connectL1WithRetry, l1Chain, type L1Clients } from '@hotshot/l1';
import { RollupAdaptor } from '@hotshot/rollup-bridge';
import { NamespaceFollower, SequencerApiClient } from '@hotshot/sequencer-api';
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
import type { RollupNodeSettings } from './rollup-node-settings';

/**
 * Runs the rollup node until `signal` aborts: the engine, the L2 RPC, the derivation (from L1, or from the
 * sequencer's stream with --preconf and in phase 3), the reconciliation with L1, and in phase 3 the in-process adaptor
 * and the state-root poster. Returns when stopped; throws when L1 contradicts the node or the engine fails.
 */
export async function runRollupNode(settings: RollupNodeSettings, log: Logger, signal: AbortSignal): Promise<void> {
  const { phase, preconf: fromStream, deployment, namespace, l2ChainId, pollIntervalMs } = settings;
  const key = settings.l1Key;
  const l1 = createPublicClient({
    chain: l1Chain(settings.l1Url, deployment.l1ChainId),
    transport: http(settings.l1Url),
  }) as PublicClient;
  const sequencer = new SequencerApiClient(settings.sequencerUrl);
  const chain = new ExecutedChain(deployment.startHeight);
  const reconciler = new L1Reconciler(chain, log.child({ module: 'reconciler' }));
  const engineProcess = await startEngine({ chainId: l2ChainId, port: settings.enginePort });
  const engine = new EngineClient(engineProcess.url);
  const metrics = new ZkevmNodeMetrics();
  const pending = new PendingPool();
  let rpc;
  try {
    rpc = await startL2Rpc({
      host: settings.rpc.host,
      port: settings.rpc.port,
      engine,
      sequencer,
      namespace,
      chainId: l2ChainId,
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
      chainId: l2ChainId,
      namespace,
      rollup: deployment.rollup,
      startHeight: deployment.startHeight,
    });
    const l1Writer = key ? await connectL1WithRetry(settings.l1Url, key, { log, signal }) : undefined;
    if (key && !l1Writer) return;
    const tasks: ((signal: AbortSignal) => Promise<void>)[] = [];
    let source: HeightSource;
    if (fromStream) {
      const follower = new NamespaceFollower({
        api: sequencer,
        namespace,
        from: deployment.startHeight,
        log: log.child({ module: 'follower' }),
      });
      source = new StreamHeightSource(follower, namespace, deployment.startHeight, pollIntervalMs);
      tasks.push(async (taskSignal) => {
        follower.start(taskSignal);
        await follower.stopped();
      });
    } else {
      source = new L1BatchSource({
        l1,
        deployment,
        phase: phase as 1 | 2,
        data: phase === 2 ? new SequencerDataSource(sequencer, namespace) : NO_DATA_SOURCE,
        pollIntervalMs,
      });
    }
    const executor = new BatchExecutor(engine, l2ChainId, log, metrics, (outcome) => {
      const skipped = pending.settle(outcome);
      if (skipped > 0) metrics.skippedAfterAcceptance.inc(skipped);
    });
    tasks.push((taskSignal) =>
      runDerivation({ source, executor, chain, retryDelayMs: pollIntervalMs, log }, taskSignal),
    );
    const writer = l1Writer ? new ContractWriter(l1Writer) : undefined;
    tasks.push((taskSignal) =>
      runSettlement(
        {
          reader: new RollupEventReader(l1, deployment),
          reconciler,
          poster: writer && new StateRootPoster({ l1, writer, rollup: deployment.rollup, log }),
          pollIntervalMs,
          log,
        },
        taskSignal,
      ),
    );
    if (l1Writer && writer)
      tasks.push((taskSignal) => integratedAdaptor(l1Writer, writer, settings, log).run(taskSignal));
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
  { deployment, namespace, sequencerUrl, pollIntervalMs }: RollupNodeSettings,
  log: Logger,
): RollupAdaptor {
  return new RollupAdaptor({
    api: new SequencerApiClient(sequencerUrl),
    l1,
    writer,
    hotShot: deployment.hotShot,
    rollup: deployment.rollup,
    namespace,
    mode: 'offchain-da',
    log: log.child({ module: 'adaptor' }),
    pollIntervalMs,
  });
}
