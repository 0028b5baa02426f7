import 'reflect-metadata';
import { assertDemoKeysAllowed, runCommand, warnIfDemoKeys } from '@hotshot/config';
import { readL1ChainIdWithRetry } from '@hotshot/l1';
import { selectBlsBackend } from '@hotshot/crypto';
import { JsonLogger, shutdownSignal, startOpsServerIfEnabled, type OpsServer } from '@hotshot/telemetry';
import { dashboardNodeInfo } from './api/dashboard/dashboard-node-info';
import { startApi } from './api/start-api';
import { runKeysCommand } from './keys/keys-command';
import { logNodeKey, nodeKeyFlags } from './keys/node-key';
import { nodeHealthCheck } from './node-health-check';
import { NodeRuntime } from './node-runtime';
import { openNodeStorage } from './storage/node-storage';
import { resolveNodeSettings } from './node-settings';
import { sequencerFlags } from './sequencer.flags';
import { SequencerModule, nodeStatusOf } from './sequencer.module';

const [command, ...keysArgv] = process.argv.slice(2);
// `sequencer keys ...` manages keystores; anything else runs the node.
if (command === 'keys') void runKeysCommand(keysArgv);
else
  void runCommand(
    {
      name: 'sequencer',
      summary:
        "Consensus node of the sequencer network: joins the CDN, runs HotShot-style BFT consensus, builds blocks of namespaced transactions, stores what is decided and serves the HTTP API. 'sequencer keys new|import|show' manages its key as an EIP-2335 keystore ('sequencer keys --help').",
      examples: [
        'sequencer --cdn-url tcp://127.0.0.1:50000 --key-seed demo --key-index 0 --api-port 50001',
        'sequencer --cdn-url tcp://127.0.0.1:50000 --keystore ./node0.keystore.json --keystore-password-file ./node0.password --data-dir ./data/node0',
        'sequencer keys new --out ./node0.keystore.json --password-file ./node0.password',
      ],
    },
    sequencerFlags,
    async (flags) => {
      const bls = selectBlsBackend(flags['bls-backend']);
      const settings = resolveNodeSettings(flags);
      const log = new JsonLogger({ level: settings.logLevel }).child({ app: 'sequencer' });
      warnIfDemoKeys(log, '--key-seed', flags['key-seed']);
      logNodeKey(log, nodeKeyFlags(flags), settings.publicKey, settings.remoteSigner);
      if (bls.fallbackReason) log.warn('native BLS unavailable, using noble', { reason: bls.fallbackReason });
      else log.info('bls backend', { backend: bls.backend.name });
      const storage = await openNodeStorage(settings, log.child({ module: 'storage' }));
      log.info('storage open', { location: storage.location, retention: settings.retention ?? 'archive' });
      const runtime = new NodeRuntime(settings, storage, log);
      const dashboard = dashboardNodeInfo(settings, runtime, log.child({ module: 'dashboard' }));
      const apiModule = SequencerModule.forRuntime(runtime, log.child({ module: 'api' }), dashboard, settings.streams);
      const api = await startApi(apiModule, {
        host: settings.apiHost,
        port: settings.apiPort,
        // The network's bound arrives with Welcome; until then submit answers 503 without reading the body.
        maxTxBytes: () => runtime.welcome?.config.maxTxBytes,
        log: log.child({ module: 'api' }),
        onAnswered: (route, status) => runtime.metrics.apiRequests.inc({ route, status: String(status) }),
      });
      const url = await api.getUrl();
      log.info('api listening', { url, dashboard: `${url}/dashboard` });
      const shutdown = shutdownSignal();
      let ops: OpsServer | undefined;
      try {
        ops = await startOpsServerIfEnabled({
          host: settings.apiHost,
          port: settings.metricsPort,
          registry: runtime.metrics.registry,
          health: nodeHealthCheck(nodeStatusOf(runtime)),
          log,
        });
        // Demo keys on a real L1 would let anyone sign as this validator: ask the L1 which chain it is first.
        const l1Url = settings.l1Watcher?.url;
        if (flags['key-seed'] !== undefined && l1Url !== undefined) {
          const l1ChainId = await readL1ChainIdWithRetry(l1Url, { log, signal: shutdown.signal });
          if (l1ChainId !== undefined) {
            assertDemoKeysAllowed('--key-seed', flags['key-seed'], l1ChainId, flags['allow-demo-keys']);
          }
        }
        // A storage failure rejects runtime.fatal: the node closes what it opened and exits non-zero.
        await Promise.race([runtime.start(), shutdown.received, runtime.fatal]);
        log.info('shutdown requested', { signal: await Promise.race([shutdown.received, runtime.fatal]) });
      } finally {
        // Stop taking requests first, then consensus, the network and storage.
        await ops?.close();
        await api.close();
        await runtime.stop();
      }
    },
  );
