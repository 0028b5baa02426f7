import { runCommand } from '@hotshot/config';
import { DeploymentMismatchError } from '@hotshot/l1';
import { RollupAdaptor, runL1Writer } from '@hotshot/rollup-bridge';
import { SequencerApiClient } from '@hotshot/sequencer-api';
import { AdaptorMetrics } from './adaptor-metrics';
import { zkevmAdaptorFlags } from './zkevm-adaptor.flags';

void runCommand(
  {
    name: 'zkevm-adaptor',
    summary:
      "Follows one rollup namespace of the decided chain from a sequencer node (WebSocket block stream) and sequences it into the L1 rollup contract height by height once HotShot.sol holds each height: full batches (basic, phase I) or batch commitments (offchain-da, phase II). Resumes from the rollup's sequencedHeight.",
    examples: [
      'ADAPTOR_L1_KEY=0x... zkevm-adaptor --sequencer-url http://127.0.0.1:50001 --l1-url http://127.0.0.1:8545 --mode basic --namespace 1 --deployment ./deployment.json',
    ],
  },
  zkevmAdaptorFlags,
  async (flags) => {
    const metrics = new AdaptorMetrics();
    await runL1Writer(flags, {
      app: 'zkevm-adaptor',
      keySource: '--l1-key-file or ADAPTOR_L1_KEY',
      registry: metrics.registry,
      checkDeployment: (deployment) => {
        if (deployment.namespace !== flags.namespace) {
          throw new DeploymentMismatchError('namespace', flags.namespace, deployment.namespace);
        }
      },
      health: (adaptor: RollupAdaptor) =>
        adaptor.next > 0
          ? { status: 'ok', next: adaptor.next }
          : { status: 'starting', reason: "reading the rollup's sequencedHeight from L1", next: adaptor.next },
      create: ({ l1, deployment, log }) => {
        const adaptor = new RollupAdaptor({
          api: new SequencerApiClient(flags['sequencer-url']),
          l1,
          hotShot: deployment.hotShot,
          rollup: deployment.rollup,
          namespace: flags.namespace,
          mode: flags.mode,
          log,
          maxHeights: flags['max-batch-heights'],
          maxBytes: flags['max-batch-bytes'],
          gasBudget: BigInt(flags['max-gas']),
          pollIntervalMs: flags['poll-interval-ms'],
          onSequenced: (sequenced) => {
            metrics.calls.inc({ outcome: 'mined' });
            metrics.sequencedHeight.set(sequenced.to);
            metrics.gasUsed.inc(Number(sequenced.gasUsed));
            metrics.transactions.inc({ kind: 'valid' }, sequenced.transactions - sequenced.malformed);
            metrics.transactions.inc({ kind: 'malformed' }, sequenced.malformed);
          },
          onFailure: () => metrics.calls.inc({ outcome: 'failed' }),
        });
        log.info('adaptor started', {
          mode: flags.mode,
          namespace: flags.namespace,
          rollup: deployment.rollup,
          hotShot: deployment.hotShot,
          l1ChainId: l1.chainId,
          account: l1.account.address,
          sequencer: flags['sequencer-url'],
        });
        return adaptor;
      },
      stopped: (adaptor, log) => log.info('adaptor stopped', { next: adaptor.next }),
    });
  },
);
