import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { collectProcessMetrics } from '@hotshot/telemetry';

/** The signer's Prometheus metrics. */
export class SignerMetrics {
  readonly registry = new Registry();
  readonly signatures = new Counter({
    name: 'sequencer_signer_signatures_total',
    help: 'Signatures answered, by message kind and whether the request was new or repeated a recorded one',
    labelNames: ['kind', 'outcome'],
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: 'sequencer_signer_refusals_total',
    help: 'Requests refused, by reason (double-sign, below-watermark, unauthenticated, ...)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly signSeconds = new Histogram({
    name: 'sequencer_signer_sign_duration_seconds',
    help: 'Time from a sign request arriving to its answer (record on disk and BLS signature)',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1],
    registers: [this.registry],
  });
  readonly keys = new Gauge({
    name: 'sequencer_signer_keys',
    help: 'Keys this signer holds',
    registers: [this.registry],
  });

  constructor() {
    collectProcessMetrics(this.registry, 'sequencer_signer_process_');
  }
}
