import { collectDefaultMetrics, type Registry } from 'prom-client';

/**
 * prom-client's default gauges that end in `_total`, which Prometheus keeps for counters (`promtool check metrics`
 * refuses them). Each is the sum of the by-type gauge of the same name without the suffix, which stays.
 */
const COUNTER_NAMED_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * Registers the process and Node.js runtime metrics (CPU, memory, event-loop lag, GC, handles) in `registry`, each
 * name prefixed with `prefix` (e.g. `sequencer_process_`), minus the three gauges named like counters: read
 * `sum(<prefix>nodejs_active_handles)` for what `<prefix>nodejs_active_handles_total` said.
 */
export function collectProcessMetrics(registry: Registry, prefix: string): void {
  collectDefaultMetrics({ register: registry, prefix });
  for (const name of COUNTER_NAMED_GAUGES) registry.removeSingleMetric(`${prefix}${name}`);
}
