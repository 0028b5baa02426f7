import { Counter, Gauge, Registry } from 'prom-client';
import { collectProcessMetrics } from '@hotshot/telemetry';

/** The poster's Prometheus metrics. */
export class PosterMetrics {
  readonly registry = new Registry();
  readonly l1Height = new Gauge({
    name: 'hotshot_poster_l1_block_height',
    help: "HotShot.sol's blockHeight as last read or posted",
    registers: [this.registry],
  });
  readonly postedHeaders = new Counter({
    name: 'hotshot_poster_posted_headers_total',
    help: 'Headers stored on L1 by this poster',
    registers: [this.registry],
  });
  readonly calls = new Counter({
    name: 'hotshot_poster_calls_total',
    help: 'newBlocks attempts, by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly gasUsed = new Counter({
    name: 'hotshot_poster_gas_used_total',
    help: 'L1 gas used by mined newBlocks calls',
    registers: [this.registry],
  });

  constructor() {
    collectProcessMetrics(this.registry, 'hotshot_poster_process_');
  }
}
