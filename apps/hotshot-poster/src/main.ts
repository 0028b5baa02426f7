import { abortOnShutdownSignal, runCommand } from '@hotshot/config';
import {
  CommitmentPoster,
  SequencerApiClient,
  connectL1WithRetry,
  readDeploymentFile,
  readPrivateKey,
  startOpsServer,
  type OpsServer,
} from '@hotshot/l1';
import { JsonLogger } from '@hotshot/telemetry';
import { hotshotPosterFlags } from './hotshot-poster.flags';
import { PosterMetrics } from './poster-metrics';

void runCommand(
  {
    name: 'hotshot-poster',
    summary:
      "Commitment poster: follows a sequencer node's finality certificates and stores the decided headers in HotShot.sol with newBlocks, in gas-bounded batches, resuming from HotShot.sol's blockHeight. Needs only a node's API and an L1 account.",
    examples: [
      'POSTER_L1_KEY=0x... hotshot-poster --sequencer-url http://127.0.0.1:50001 --l1-url http://127.0.0.1:8545 --deployment ./deployment.json',
    ],
  },
  hotshotPosterFlags,
  async (flags) => {
    const log = new JsonLogger({ level: flags['log-level'] }).child({ app: 'hotshot-poster' });
    const deployment = readDeploymentFile(flags.deployment);
    const key = readPrivateKey({
      file: flags['l1-key-file'],
      value: flags['l1-key'],
      what: 'the L1 key (--l1-key-file or POSTER_L1_KEY)',
    });
    const controller = abortOnShutdownSignal((signal) => log.info('shutdown requested', { signal }));
    const l1 = await connectL1WithRetry(flags['l1-url'], key, { log, signal: controller.signal });
    if (!l1) return;
    const metrics = new PosterMetrics();
    const poster = new CommitmentPoster({
      api: new SequencerApiClient(flags['sequencer-url']),
      l1,
      hotShot: deployment.hotShot,
      log,
      maxHeaders: flags['max-headers'],
      gasBudget: BigInt(flags['max-gas']),
      pollIntervalMs: flags['poll-interval-ms'],
      onPosted: (posted) => {
        metrics.calls.inc({ outcome: 'mined' });
        metrics.postedHeaders.inc(posted.to - posted.from + 1);
        metrics.gasUsed.inc(Number(posted.gasUsed));
        metrics.l1Height.set(posted.to);
      },
      onFailure: () => metrics.calls.inc({ outcome: 'failed' }),
    });
    let ops: OpsServer | undefined;
    if (flags['metrics-port'] !== undefined) {
      ops = await startOpsServer({
        host: flags['metrics-host'],
        port: flags['metrics-port'],
        registry: metrics.registry,
        health: () => ({ status: poster.ready ? 'ok' : 'starting', l1Height: poster.l1Height }),
      });
      log.info('metrics listening', { url: ops.url });
    }
    log.info('poster started', {
      hotShot: deployment.hotShot,
      l1ChainId: l1.chainId,
      account: l1.account.address,
      sequencer: flags['sequencer-url'],
    });
    try {
      await poster.run(controller.signal);
    } finally {
      await ops?.close();
      log.info('poster stopped', { l1Height: poster.l1Height });
    }
  },
);
