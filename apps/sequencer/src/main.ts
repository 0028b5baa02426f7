import 'reflect-metadata';
import { runCommand, warnIfDemoKeys } from '@hotshot/config';
import { selectBlsBackend } from '@hotshot/crypto';
import { JsonLogger } from '@hotshot/telemetry';
import { dashboardNodeInfo } from './api/dashboard/dashboard-node-info';
import { startApi } from './api/start-api';
import { NodeRuntime } from './node-runtime';
import { openNodeStorage } from './storage/node-storage';
import { resolveNodeSettings } from './node-settings';
import { sequencerFlags } from './sequencer.flags';
import { SequencerModule } from './sequencer.module';
import { waitForShutdownSignal } from './shutdown';

void runCommand(
  {
    name: 'sequencer',
    summary:
      'Consensus node of the sequencer network: joins the CDN, runs HotShot-style BFT consensus, builds blocks of namespaced transactions, stores what is decided and serves the HTTP API.',
    examples: [
      'sequencer --cdn-url tcp://127.0.0.1:50000 --key-seed demo --key-index 0 --api-port 50001',
      'sequencer --cdn-url tcp://127.0.0.1:50000 --key-file ./node0.key.json --data-dir ./data/node0',
    ],
  },
  sequencerFlags,
  async (flags) => {
    const bls = selectBlsBackend(flags['bls-backend']);
    const settings = resolveNodeSettings(flags);
    const log = new JsonLogger({ level: settings.logLevel }).child({ app: 'sequencer' });
    // A sequencer talks to no L1, so nothing to refuse here: the deploy step refuses demo keys off anvil.
    warnIfDemoKeys(log, '--key-seed', flags['key-seed']);
    if (bls.fallbackReason) log.warn('native BLS unavailable, using noble', { reason: bls.fallbackReason });
    else log.info('bls backend', { backend: bls.backend.name });
    const storage = await openNodeStorage(settings);
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
    const shutdown = waitForShutdownSignal();
    try {
      // A storage failure rejects runtime.fatal: the node closes what it opened and exits non-zero.
      await Promise.race([runtime.start(), shutdown, runtime.fatal]);
      log.info('shutdown requested', { signal: await Promise.race([shutdown, runtime.fatal]) });
    } finally {
      // Stop taking requests first, then consensus, the network and storage.
      await api.close();
      await runtime.stop();
    }
  },
);
