import { Counter, Histogram, Registry, Summary } from 'prom-client';
import { startBroker } from '../cdn/support/cdn-fixtures';
import { IN_PROCESS_REGISTRIES } from './support/binary-registries';

/** The series names a registry exposes: each family's name, and a histogram's or summary's _bucket, _sum, _count. */
function exposedNames(registry: Registry): Set<string> {
  const names = new Set<string>();
  for (const metric of registry.getMetricsAsArray()) {
    const name = metric.name;
    names.add(name);
    if (metric instanceof Histogram) names.add(`${name}_bucket`);
    if (metric instanceof Histogram || metric instanceof Summary)
      for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

/** Every name two binaries both expose, as `a & b: name` lines. */
function clashes(binaries: readonly (readonly [string, Registry])[]): string[] {
  const found: string[] = [];
  const named = binaries.map(([binary, registry]) => [binary, exposedNames(registry)] as const);
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      const [a, first] = named[i]!;
      const [b, second] = named[j]!;
      for (const name of first) if (second.has(name)) found.push(`${a} & ${b}: ${name}`);
    }
  }
  return found;
}

/**
 * One metric name means one thing across the binaries: a Prometheus that scrapes a node and its sequencer-signer (or
 * any two binaries) would otherwise get one family with two meanings and two label sets.
 */
describe('metric names across binaries', () => {
  it('no two binaries expose a series of the same name', async () => {
    const { broker } = await startBroker(4);
    try {
      const binaries = [
        ...IN_PROCESS_REGISTRIES.map(([binary, registryOf]) => [binary, registryOf()] as const),
        ['cdn-server', broker.metrics.registry] as const,
      ];
      for (const [, registry] of binaries) expect(registry.getMetricsAsArray().length).toBeGreaterThan(0);
      expect(clashes(binaries)).toEqual([]);
    } finally {
      await broker.close();
    }
  });

  it("keeps the node's signing metrics out of the sequencer-signer's sequencer_signer_ prefix", () => {
    const sequencer = IN_PROCESS_REGISTRIES.find(([binary]) => binary === 'sequencer')![1]();
    const names = [...exposedNames(sequencer)];
    expect(names.filter((name) => name.startsWith('sequencer_signer_'))).toEqual([]);
    expect(names).toEqual(
      expect.arrayContaining(['sequencer_signing_signatures_total', 'sequencer_signing_refusals_total']),
    );
  });

  it('finds a clash, also between a histogram and a counter named like one of its series (the check can fail)', () => {
    const node = new Registry();
    const signer = new Registry();
    new Counter({ name: 'shared_total', help: 'node', registers: [node] });
    new Counter({ name: 'shared_total', help: 'signer', labelNames: ['reason'], registers: [signer] });
    new Histogram({ name: 'wait_seconds', help: 'node', registers: [node] });
    new Counter({ name: 'wait_seconds_count', help: 'signer', registers: [signer] });
    expect(
      clashes([
        ['node', node],
        ['signer', signer],
      ]),
    ).toEqual(['node & signer: shared_total', 'node & signer: wait_seconds_count']);
  });
});
