import { createJsonLogger } from '@hotshot/cdn';
import { runCommand } from '@hotshot/config';
import { cdnServerFlags } from './cdn-server.flags';
import { startMetricsServer } from './metrics-server';
import { startRole } from './role-servers';
import { shutdownSignal } from './shutdown-signal';

void runCommand(
  {
    name: 'cdn-server',
    summary:
      'HotShot-style CDN. By default one broker: waits for N sequencer nodes, authenticates them by key, hands each its index, the consensus config and the stake table, then routes broadcast and direct messages among them. To scale out, run one marshal and several brokers over one Redis: the marshal authenticates nodes and sends each to the least-loaded broker with a one-time permit; the brokers mesh and route among themselves.',
    examples: [
      'cdn-server -p 50000 -n 5',
      'CDN_NODES=5 cdn-server --view-timeout-ms 3000',
      'cdn-server --role marshal -p 50000 -n 5 --redis-url redis://127.0.0.1:6379',
      'cdn-server --role broker -p 50001 --redis-url redis://127.0.0.1:6379',
    ],
  },
  cdnServerFlags,
  async (flags) => {
    const shutdown = shutdownSignal();
    const logger = createJsonLogger({ level: flags['log-level'] }, { role: flags.role });
    let server;
    try {
      server = await startRole(flags, logger, shutdown.signal);
    } catch (error) {
      // A broker stopped while it waited for a marshal to define the network: a clean exit, not a failure.
      if (!shutdown.signal.aborted) throw error;
      logger.info('stopped before starting', { signal: await shutdown.received });
      return;
    }
    const metrics =
      flags['metrics-port'] === undefined
        ? undefined
        : await startMetricsServer(flags.host, flags['metrics-port'], server.registry, logger);
    const signalName = await shutdown.received;
    logger.info('shutting down', { signal: signalName });
    await metrics?.close();
    await server.close();
  },
);
