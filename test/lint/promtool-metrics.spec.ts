import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { collectProcessMetrics, startOpsServer } from '@hotshot/telemetry';
import { startBroker } from '../cdn/support/cdn-fixtures';
import { deletePrefix, randomPrefix, startMarshal, startScaleOutBroker } from '../cdn/support/scale-out-fixtures';
import { PROMTOOL_INSTALL_HINT, promtoolCheckMetrics } from '../support/promtool';
import { IN_PROCESS_REGISTRIES, sequencerRegistry } from './support/binary-registries';

const CLEAN = { code: 0, output: '' };

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

  it.each(IN_PROCESS_REGISTRIES)('passes the metrics of %s', async (_binary, registryOf) => {
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
