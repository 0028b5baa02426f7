import { runCommand } from '@hotshot/config';
import { connectL1WithRetry, readDeploymentFile, readPrivateKey } from '@hotshot/l1';
import { CommitmentPoster } from '@hotshot/rollup-bridge';
import { SequencerApiClient } from '@hotshot/sequencer-api';
import { JsonLogger, shutdownSignal, startOpsServerIfEnabled, type HealthReport } from '@hotshot/telemetry';
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
    const shutdown = shutdownSignal((signal) => log.info('shutdown requested', { signal }));
    const metrics = new PosterMetrics();
    let poster: CommitmentPoster | undefined;
    const health = (): HealthReport =>
      poster?.ready
        ? { status: 'ok', l1Height: poster.l1Height }
        : poster
          ? {
              status: 'starting',
              reason: 'waiting for a first round to reach L1 and the sequencer',
              l1Height: poster.l1Height,
            }
          : { status: 'starting', reason: 'connecting to L1' };
    // Up before L1 answers, so a supervisor sees why the poster is not ready yet.
    const ops = await startOpsServerIfEnabled({
      host: flags['metrics-host'],
      port: flags['metrics-port'],
      registry: metrics.registry,
      health,
      log,
    });
    try {
      const l1 = await connectL1WithRetry(flags['l1-url'], key, { log, signal: shutdown.signal });
      if (!l1) return;
      poster = new CommitmentPoster({
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
      log.info('poster started', {
        hotShot: deployment.hotShot,
        l1ChainId: l1.chainId,
        account: l1.account.address,
        sequencer: flags['sequencer-url'],
      });
      await poster.run(shutdown.signal);
    } finally {
      await ops?.close();
      if (poster) log.info('poster stopped', { l1Height: poster.l1Height });
    }
  },
);
