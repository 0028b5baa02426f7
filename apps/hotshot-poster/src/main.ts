import { runCommand } from '@hotshot/config';
import { CommitmentPoster, runL1Writer } from '@hotshot/rollup-bridge';
import { SequencerApiClient } from '@hotshot/sequencer-api';
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
    const metrics = new PosterMetrics();
    await runL1Writer(flags, {
      app: 'hotshot-poster',
      keySource: '--l1-key-file or POSTER_L1_KEY',
      registry: metrics.registry,
      health: (poster: CommitmentPoster) =>
        poster.ready
          ? { status: 'ok', l1Height: poster.l1Height }
          : {
              status: 'starting',
              reason: 'waiting for a first round to reach L1 and the sequencer',
              l1Height: poster.l1Height,
            },
      create: ({ l1, deployment, log }) => {
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
        log.info('poster started', {
          hotShot: deployment.hotShot,
          l1ChainId: l1.chainId,
          account: l1.account.address,
          sequencer: flags['sequencer-url'],
        });
        return poster;
      },
      stopped: (poster, log) => log.info('poster stopped', { l1Height: poster.l1Height }),
    });
  },
);
