import type { Registry } from 'prom-client';
import { JsonLogger } from '@hotshot/telemetry';
import { PosterMetrics } from '../../../apps/hotshot-poster/src/poster-metrics';
import { L1ProgressReader } from '../../../apps/sequencer/src/api/dashboard/l1-progress-reader';
import { StreamMetrics } from '../../../apps/sequencer/src/api/stream/stream-metrics';
import { NodeMetrics } from '../../../apps/sequencer/src/metrics/node-metrics';
import { SignerMetrics } from '../../../apps/sequencer-signer/src/signer-metrics';
import { AdaptorMetrics } from '../../../apps/zkevm-adaptor/src/adaptor-metrics';
import { ZkevmNodeMetrics } from '../../../apps/zkevm-node/src/metrics/node-metrics';

const silent = new JsonLogger({ level: 'error', sink: () => undefined });

/**
 * The sequencer's registry as main.ts fills it: the node's metrics, the API's streams and the dashboard's L1 reads,
 * with a sample in every labelled family so that promtool sees each as a scrape would.
 */
export function sequencerRegistry(): Registry {
  const metrics = new NodeMetrics();
  const streams = new StreamMetrics(metrics.registry);
  new L1ProgressReader('http://127.0.0.1:1', { hotShot: '0x01', rollup: '0x02' }, metrics.registry, silent);
  metrics.rejected.inc({ subject: 'proposal', reason: 'bad_signature' });
  metrics.preverified.inc({ outcome: 'verified' });
  metrics.ignored.inc({ reason: 'old_view' });
  metrics.undecodable.inc({ sender: '3' });
  metrics.mempoolRefusals.inc({ reason: 'too_large', source: 'api' });
  metrics.submitted.inc({ outcome: 'accepted' });
  metrics.apiRequests.inc({ route: '/v0/status/block-height', status: '200' });
  metrics.catchupRequests.inc({ kind: 'leaf' });
  metrics.stepSeconds.observe(0.002);
  metrics.persistSeconds.observe(0.001);
  metrics.signatures.inc({ kind: 'quorum-vote' });
  metrics.signingRefusals.inc({ kind: 'timeout-vote', reason: 'unavailable' });
  metrics.signingSeconds.observe({ kind: 'quorum-vote' }, 0.001);
  streams.refused.inc({ reason: 'client_limit' });
  streams.dropped.inc({ reason: 'slow_consumer' });
  return metrics.registry;
}

/** The signer's registry with a sample in every labelled family. */
export function signerRegistry(): Registry {
  const metrics = new SignerMetrics();
  metrics.signatures.inc({ kind: 'quorum-vote', outcome: 'new' });
  metrics.refusals.inc({ reason: 'double-sign' });
  metrics.signSeconds.observe(0.001);
  return metrics.registry;
}

/** The registry each binary serves, built in process, by binary name; cdn-server's need a running broker. */
export const IN_PROCESS_REGISTRIES: readonly (readonly [binary: string, registry: () => Registry])[] = [
  ['sequencer', sequencerRegistry],
  ['hotshot-poster', () => new PosterMetrics().registry],
  ['zkevm-adaptor', () => new AdaptorMetrics().registry],
  ['zkevm-node', () => new ZkevmNodeMetrics().registry],
  ['sequencer-signer', signerRegistry],
];
