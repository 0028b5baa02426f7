import { Counter, Registry } from 'prom-client';
import { collectProcessMetrics } from '@hotshot/telemetry';

/** The rollup node's Prometheus metrics, served at `GET /metrics` of the L2 RPC. */
export class ZkevmNodeMetrics {
  readonly registry = new Registry();
  readonly rpcRefused = new Counter({
    name: 'zkevm_node_rpc_refused_total',
    help: 'L2 JSON-RPC requests refused, by reason (method_not_offered, nonce_too_low, insufficient_funds, ...)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly rpcForwarded = new Counter({
    name: 'zkevm_node_rpc_transactions_forwarded_total',
    help: 'Signed transactions the L2 JSON-RPC accepted and forwarded to the sequencer',
    registers: [this.registry],
  });
  readonly unsequencedDropped = new Counter({
    name: 'zkevm_node_engine_unsequenced_dropped_total',
    help: "Transactions found in the engine's pool before a height that no sequenced height carried, dropped",
    registers: [this.registry],
  });
  readonly skippedAfterAcceptance = new Counter({
    name: 'zkevm_node_rpc_accepted_then_skipped_total',
    help: 'Transactions this node accepted at its RPC that execution then skipped (their receipt has status 0)',
    registers: [this.registry],
  });

  constructor() {
    collectProcessMetrics(this.registry, 'zkevm_node_process_');
  }
}
