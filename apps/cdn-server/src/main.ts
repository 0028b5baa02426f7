import { runCommand } from '@hotshot/config';
import { JsonLogger, shutdownSignal, startOpsServerIfEnabled } from '@hotshot/telemetry';
import { cdnServerFlags } from './cdn-server.flags';
import { startRole } from './role-servers';

void runCommand(
  {
    name: 'cdn-server',
    summary:
      'HotShot-style CDN. By default one broker: waits for N sequencer nodes, authenticates them by key, hands each its index, the consensus config and the stake table, then routes broadcast and direct messages among them. -n N alone is the bootstrap for a quick local network (the first N keys to connect, in join order); with --l1-url and --stake-table the network is the stake table on L1 (StakeTable.sol) and any other key is refused. To scale out, run one marshal and several brokers over one Redis: the marshal authenticates nodes (against the stake table on L1 when given --l1-url and --stake-table, else first-come) and sends each to the least-loaded broker with a one-time permit; the brokers mesh and route among themselves.',
    examples: [
      'cdn-server -p 50000 -n 5',
      'cdn-server -p 50000 --l1-url http://127.0.0.1:8545 --stake-table 0x5FbDB2315678afecb367f032d93F642f64180aa3',
      'CDN_NODES=5 cdn-server --view-timeout-ms 3000',
      'cdn-server --role marshal -p 50000 -n 5 --redis-url redis://127.0.0.1:6379',
      'cdn-server --role marshal -p 50000 --redis-url redis://127.0.0.1:6379 --l1-url http://127.0.0.1:8545 --stake-table 0x5FbDB2315678afecb367f032d93F642f64180aa3',
      'cdn-server --role broker -p 50001 --redis-url redis://127.0.0.1:6379',
    ],
  },
  cdnServerFlags,
  async (flags) => {
    const shutdown = shutdownSignal();
    const logger = new JsonLogger({ level: flags['log-level'], fields: { role: flags.role } });
    let server;
    try {
      server = await startRole(flags, logger, shutdown.signal);
    } catch (error) {
      // A broker stopped while it waited for a marshal to define the network: a clean exit, not a failure.
      if (!shutdown.signal.aborted) throw error;
      logger.info('stopped before starting', { signal: await shutdown.received });
      return;
    }
    // A role answers /healthz once it listens: the broker and the marshal have no further state to judge.
    let metrics;
    try {
      metrics = await startOpsServerIfEnabled({
        host: flags.host,
        port: flags['metrics-port'],
        registry: server.registry,
        log: logger,
      });
    } catch (error) {
      // The role's sockets (and the marshal's and brokers' Redis) would keep the process up after the error, which
      // is the one to report.
      await server.close().catch(() => undefined);
      throw error;
    }
    const signalName = await shutdown.received;
    logger.info('shutting down', { signal: signalName });
    await metrics?.close();
    await server.close();
  },
);
