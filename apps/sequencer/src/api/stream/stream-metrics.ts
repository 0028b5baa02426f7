import { Counter, Gauge, type Registry } from 'prom-client';

/** The block streams' metrics, registered in the node's registry (names carry the `sequencer_api_` prefix). */
export class StreamMetrics {
  readonly open: Gauge;
  readonly refused: Counter<'reason'>;
  readonly dropped: Counter<'reason'>;

  constructor(registry: Registry) {
    this.open = new Gauge({
      name: 'sequencer_api_streams_open',
      help: 'WebSocket block streams open now',
      registers: [registry],
    });
    this.refused = new Counter({
      name: 'sequencer_api_stream_refusals_total',
      help: "Stream handshakes refused, by reason ('client_limit': 429, 'node_limit': 503, 'pruned': 410, 'bad_request', 'shutting_down', 'failed')",
      labelNames: ['reason'],
      registers: [registry],
    });
    this.dropped = new Counter({
      name: 'sequencer_api_streams_dropped_total',
      help: "Streams the server cut off, by reason ('slow_consumer', 'stalled', 'unresponsive')",
      labelNames: ['reason'],
      registers: [registry],
    });
  }
}
