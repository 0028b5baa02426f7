import { Counter, Gauge, Registry } from 'prom-client';
import { collectProcessMetrics } from '@hotshot/telemetry';

/** The adaptor's Prometheus metrics. */
export class AdaptorMetrics {
  readonly registry = new Registry();
  readonly sequencedHeight = new Gauge({
    name: 'zkevm_adaptor_sequenced_height',
    help: "The rollup's sequencedHeight as last posted",
    registers: [this.registry],
  });
  readonly calls = new Counter({
    name: 'zkevm_adaptor_calls_total',
    help: 'Sequencing calls, by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly transactions = new Counter({
    name: 'zkevm_adaptor_transactions_total',
    help: 'Rollup transactions sequenced, by whether they decode as signed EVM transactions',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly gasUsed = new Counter({
    name: 'zkevm_adaptor_gas_used_total',
    help: 'L1 gas used by mined sequencing calls',
    registers: [this.registry],
  });

  constructor() {
    collectProcessMetrics(this.registry, 'zkevm_adaptor_process_');
  }
}
