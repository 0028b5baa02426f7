import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { JsonLogger, collectProcessMetrics, startOpsServer } from '@hotshot/telemetry';
import { StreamMetrics } from '../../apps/sequencer/src/api/stream/stream-metrics';
import { L1ProgressReader } from '../../apps/sequencer/src/api/dashboard/l1-progress-reader';
import { NodeMetrics } from '../../apps/sequencer/src/metrics/node-metrics';
import { PosterMetrics } from '../../apps/hotshot-poster/src/poster-metrics';
import { SignerMetrics } from '../../apps/sequencer-signer/src/signer-metrics';
import { AdaptorMetrics } from '../../apps/zkevm-adaptor/src/adaptor-metrics';
import { ZkevmNodeMetrics } from '../../apps/zkevm-node/src/metrics/node-metrics';
import { startBroker } from '../cdn/support/cdn-fixtures';
import { deletePrefix, randomPrefix, startMarshal, startScaleOutBroker } from '../cdn/support/scale-out-fixtures';
import { PROMTOOL_INSTALL_HINT, promtoolCheckMetrics } from '../support/promtool';

const CLEAN = { code: 0, output: '' };
const silent = new JsonLogger({ level: 'error', sink: () => undefined });

/** The sequencer's registry as main.ts fills it: the node's metrics, the API's streams and the dashboard's L1 reads. */
function sequencerRegistry(): Registry {
  const metrics = new NodeMetrics();
  const streams = new StreamMetrics(metrics.registry);
  new L1ProgressReader('http://127.0.0.1:1', { hotShot: '0x01', rollup: '0x02' }, metrics.registry, silent);
  // Samples in every labelled family, so promtool sees each as a scrape would.
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
  streams.refused.inc({ reason: 'client_limit' });
  streams.dropped.inc({ reason: 'slow_consumer' });
  return metrics.registry;
}

/** The signer's registry with a sample in every labelled family. */
function signerRegistry(): Registry {
  const metrics = new SignerMetrics();
  metrics.signatures.inc({ kind: 'quorum-vote', outcome: 'new' });
  metrics.refusals.inc({ reason: 'double-sign' });
  metrics.signSeconds.observe(0.001);
  return metrics.registry;
}

/**
 * Every binary's metrics pass Prometheus's own linter, `promtool check metrics`, with no warning (issue 23): taken
 * from the registries each binary serves, built in process. A missing promtool fails the suite with how to install it.
 */
describe('promtool check metrics', () => {
  jest.setTimeout(60_000);

  it('fails loudly, naming how to install it, when promtool is missing', () => {
    expect(() => promtoolCheckMetrics('', { PATH: '/nonexistent' })).toThrow(PROMTOOL_INSTALL_HINT);
  });

  it("flags prom-client's default gauges named like counters (the check can fail)", () => {
    const raw = new Registry();
    collectDefaultMetrics({ register: raw, prefix: 'raw_process_' });
    return raw.metrics().then((text) => {
      const verdict = promtoolCheckMetrics(text);
      expect(verdict.code).not.toBe(0);
      expect(verdict.output).toContain(
        'raw_process_nodejs_active_handles_total non-counter metrics should not have "_total" suffix',
      );
    });
  });

  it('passes the process metrics every binary collects, which keep the by-type gauges', async () => {
    const registry = new Registry();
    collectProcessMetrics(registry, 'any_process_');
    const text = await registry.metrics();
    expect(promtoolCheckMetrics(text)).toEqual(CLEAN);
    expect(text).toContain('# TYPE any_process_nodejs_active_handles gauge');
    expect(text).not.toContain('nodejs_active_handles_total');
  });

  it.each([
    ['sequencer', sequencerRegistry],
    ['hotshot-poster', () => new PosterMetrics().registry],
    ['zkevm-adaptor', () => new AdaptorMetrics().registry],
    ['zkevm-node', () => new ZkevmNodeMetrics().registry],
    ['sequencer-signer', signerRegistry],
  ])('passes the metrics of %s', async (_binary, registryOf) => {
    expect(promtoolCheckMetrics(await registryOf().metrics())).toEqual(CLEAN);
  });

  it('passes the metrics of cdn-server in its single-broker role', async () => {
    const { broker } = await startBroker(4);
    try {
      expect(promtoolCheckMetrics(await broker.metrics.registry.metrics())).toEqual(CLEAN);
    } finally {
      await broker.close();
    }
  });

  it('passes the metrics of cdn-server as marshal and as scale-out broker (against the Redis CI starts)', async () => {
    const prefix = randomPrefix();
    const { marshal } = await startMarshal(prefix, 4);
    try {
      const broker = await startScaleOutBroker(prefix, 'promtool-broker');
      try {
        expect(promtoolCheckMetrics(await marshal.metrics.metrics())).toEqual(CLEAN);
        expect(promtoolCheckMetrics(await broker.broker.metrics.registry.metrics())).toEqual(CLEAN);
      } finally {
        await broker.close();
      }
    } finally {
      await marshal.close();
      await deletePrefix(prefix);
    }
  });

  it('passes what the operations server serves at /metrics', async () => {
    const registry = sequencerRegistry();
    new Counter({ name: 'sequencer_test_served_total', help: 'Served', registers: [registry] }).inc();
    const ops = await startOpsServer({ host: '127.0.0.1', port: 0, registry });
    try {
      const served = await (await fetch(`${ops.url}/metrics`)).text();
      expect(served).toContain('sequencer_test_served_total 1');
      expect(promtoolCheckMetrics(served)).toEqual(CLEAN);
    } finally {
      await ops.close();
    }
  });
});
