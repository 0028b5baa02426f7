import { createPublicClient, http, type PublicClient } from 'viem';
import { abortOnShutdownSignal, runCommand } from '@hotshot/config';
import { DeploymentMismatchError, SequencerApiClient, l1Chain, readDeploymentFile } from '@hotshot/l1';
import { JsonLogger } from '@hotshot/telemetry';
import { NO_DATA_SOURCE, SequencerDataSource } from './derivation/batch-data';
import { L1BatchSource } from './derivation/l1-batch-source';
import { runDerivation } from './derivation/derivation-loop';
import { EngineClient } from './engine/engine-client';
import { startEngine } from './engine/engine-process';
import { BatchExecutor } from './execution/batch-executor';
import { startL2Rpc } from './rpc/l2-rpc-server';
import { zkevmNodeFlags } from './zkevm-node.flags';

void runCommand(
  {
    name: 'zkevm-node',
    summary:
      "A zkEVM rollup node for one namespace: derives the rollup's chain from L1 (phase 1: the full batches; phase 2: the batch commitments, with the data from the sequencer API checked against them) and executes each HotShot height as one block of an L2 engine (an anvil it starts), skipping invalid transactions; serves the L2 JSON-RPC, whose eth_sendRawTransaction goes to the sequencer.",
    examples: [
      'zkevm-node --l1-url http://127.0.0.1:8545 --deployment ./deployment.json --namespace 1 --sequencer-url http://127.0.0.1:50001 --rpc-port 8547',
    ],
  },
  zkevmNodeFlags,
  async (flags) => {
    const log = new JsonLogger({ level: flags['log-level'] }).child({ app: 'zkevm-node' });
    const deployment = readDeploymentFile(flags.deployment);
    if (deployment.namespace !== flags.namespace) {
      throw new DeploymentMismatchError('namespace', flags.namespace, deployment.namespace);
    }
    const controller = abortOnShutdownSignal((signal) => log.info('shutdown requested', { signal }));

    const l1 = createPublicClient({
      chain: l1Chain(flags['l1-url'], deployment.l1ChainId),
      transport: http(flags['l1-url']),
    }) as PublicClient;
    const engineProcess = await startEngine({ chainId: flags['chain-id'], port: flags['engine-port'] });
    const engine = new EngineClient(engineProcess.url);
    const sequencer = new SequencerApiClient(flags['sequencer-url']);
    const phase = flags.phase === '2' ? 2 : 1;
    const data = phase === 2 ? new SequencerDataSource(sequencer, flags.namespace) : NO_DATA_SOURCE;
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
      });
      log.info('zkevm node started', {
        phase,
        rpc: rpc.url,
        engine: engineProcess.url,
        chainId: flags['chain-id'],
        namespace: flags.namespace,
        rollup: deployment.rollup,
        startHeight: deployment.startHeight,
      });
      await runDerivation(
        {
          source: new L1BatchSource(l1, deployment, phase, data),
          executor: new BatchExecutor(engine, flags['chain-id'], log),
          pollIntervalMs: flags['poll-interval-ms'],
          log,
        },
        controller.signal,
      );
    } finally {
      await rpc?.close();
      await engineProcess.stop();
      log.info('zkevm node stopped');
    }
  },
);
