import { runCommand } from '@hotshot/config';
import { JsonLogger, shutdownSignal } from '@hotshot/telemetry';
import { runRollupNode } from './rollup-node';
import { resolveRollupNodeSettings } from './rollup-node-settings';
import { zkevmNodeFlags } from './zkevm-node.flags';

void runCommand(
  {
    name: 'zkevm-node',
    summary:
      "A zkEVM rollup node for one namespace. It executes each HotShot height as one block of an L2 engine (an anvil it starts), skipping invalid transactions, and serves the L2 JSON-RPC, whose eth_sendRawTransaction goes to the sequencer, with GET /metrics (Prometheus) and GET /healthz on the same port. Phase 1 derives the chain from the full batches on L1; phase 2 from the batch commitments on L1 with the data from the sequencer API checked against them; phase 3 (--integrated) executes from the sequencer's stream and posts the batch commitments and its state roots (verifyBatches) itself. With --preconf (always in phase 3) heights run as soon as they are decided, and every range L1 sequences must carry the node's accumulated input hash, every verified state root the node's own: otherwise the node stops with an error.",
    examples: [
      'zkevm-node --l1-url http://127.0.0.1:8545 --deployment ./deployment.json --namespace 1 --sequencer-url http://127.0.0.1:50001 --rpc-port 8547',
      'ZKEVM_L1_KEY=0x... zkevm-node --integrated --l1-url http://127.0.0.1:8545 --sequencer-url http://127.0.0.1:50003',
    ],
  },
  zkevmNodeFlags,
  async (flags) => {
    const settings = resolveRollupNodeSettings(flags);
    const log = new JsonLogger({ level: settings.logLevel }).child({ app: 'zkevm-node' });
    const shutdown = shutdownSignal((signal) => log.info('shutdown requested', { signal }));
    try {
      await runRollupNode(settings, log, shutdown.signal);
      log.info('zkevm node stopped');
    } catch (error) {
      log.error('zkevm node failed', { error });
      throw error;
    }
  },
);
