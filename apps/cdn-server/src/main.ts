import { CdnBroker, createJsonLogger } from '@hotshot/cdn';
import { runCommand } from '@hotshot/config';
import { brokerOptionsFromFlags } from './broker-options-from-flags';
import { cdnServerFlags } from './cdn-server.flags';
import { startMetricsServer } from './metrics-server';
import { shutdownSignal } from './shutdown-signal';

void runCommand(
  {
    name: 'cdn-server',
    summary:
      'HotShot-style CDN broker: waits for N sequencer nodes, authenticates them by key, hands each its index, the consensus config and the stake table, then routes broadcast and direct messages among them.',
    examples: ['cdn-server -p 50000 -n 5', 'CDN_NODES=5 cdn-server --view-timeout-ms 3000'],
  },
  cdnServerFlags,
  async (flags) => {
    const shutdown = shutdownSignal();
    const logger = createJsonLogger({ level: flags['log-level'] });
    const broker = new CdnBroker(brokerOptionsFromFlags(flags, logger));
    await broker.listen();
    const metrics =
      flags['metrics-port'] === undefined
        ? undefined
        : await startMetricsServer(flags.host, flags['metrics-port'], broker.metrics.registry, logger);
    const signalName = await shutdown.received;
    logger.info('shutting down', { signal: signalName });
    await metrics?.close();
    await broker.close();
  },
);
