import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { collectProcessMetrics } from '@hotshot/telemetry';

/** The node's Prometheus metrics, one typed object; names carry the `sequencer_` prefix and unit suffixes. */
export class NodeMetrics {
  readonly registry = new Registry();
  readonly view = new Gauge({
    name: 'sequencer_consensus_view',
    help: 'The view the node is in',
    registers: [this.registry],
  });
  readonly decidedHeight = new Gauge({
    name: 'sequencer_consensus_decided_height',
    help: 'Height of the last decided block',
    registers: [this.registry],
  });
  readonly decidedBlocks = new Counter({
    name: 'sequencer_consensus_decided_blocks_total',
    help: 'Blocks decided',
    registers: [this.registry],
  });
  readonly decidedTransactions = new Counter({
    name: 'sequencer_consensus_decided_transactions_total',
    help: 'Transactions in decided blocks',
    registers: [this.registry],
  });
  readonly decidedBytes = new Counter({
    name: 'sequencer_consensus_decided_bytes_total',
    help: 'Payload bytes in decided blocks',
    registers: [this.registry],
  });
  readonly viewTimeouts = new Counter({
    name: 'sequencer_consensus_view_timeouts_total',
    help: 'Views this node timed out',
    registers: [this.registry],
  });
  readonly rejected = new Counter({
    name: 'sequencer_consensus_rejected_messages_total',
    help: 'Messages refused as protocol violations, by subject and reason',
    labelNames: ['subject', 'reason'],
    registers: [this.registry],
  });
  readonly preverified = new Counter({
    name: 'sequencer_consensus_preverified_messages_total',
    help: 'Consensus messages whose signatures the network module checked before the queue, by outcome (verified, failed, deferred to aggregate checks)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly ignored = new Counter({
    name: 'sequencer_consensus_ignored_messages_total',
    help: 'Messages dropped without blame, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly undecodable = new Counter({
    name: 'sequencer_network_undecodable_messages_total',
    help: 'Deliveries that did not decode, by sender',
    labelNames: ['sender'],
    registers: [this.registry],
  });
  readonly stepSeconds = new Histogram({
    name: 'sequencer_consensus_step_seconds',
    help: 'Time to run one input through the core and carry out its effects',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly persistSeconds = new Histogram({
    name: 'sequencer_storage_persist_seconds',
    help: 'Time to store the safety state durably',
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [this.registry],
  });
  readonly mempoolTransactions = new Gauge({
    name: 'sequencer_mempool_transactions',
    help: 'Transactions waiting',
    registers: [this.registry],
  });
  readonly mempoolBytes = new Gauge({
    name: 'sequencer_mempool_bytes',
    help: 'Payload bytes waiting',
    registers: [this.registry],
  });
  readonly mempoolRefusals = new Counter({
    name: 'sequencer_mempool_refusals_total',
    help: "Transactions the mempool refused, by reason (invalid, too_large, pool_full: 503, namespace_share and submitter_share: 429) and source ('api' or 'forwarded' by a member)",
    labelNames: ['reason', 'source'],
    registers: [this.registry],
  });
  readonly submitted = new Counter({
    name: 'sequencer_submitted_transactions_total',
    help: 'Submissions through the API, by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly apiRequests = new Counter({
    name: 'sequencer_api_requests_total',
    help: "HTTP API requests answered, by route pattern ('unmatched' for none, 'malformed' for broken HTTP) and status",
    labelNames: ['route', 'status'],
    registers: [this.registry],
  });
  readonly catchupRequests = new Counter({
    name: 'sequencer_catchup_requests_total',
    help: 'Catch-up requests sent, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly finalityCertificates = new Counter({
    name: 'sequencer_finality_certificates_total',
    help: 'Finality certificates assembled by this node',
    registers: [this.registry],
  });
  readonly finalityRefused = new Counter({
    name: 'sequencer_finality_signatures_refused_total',
    help: 'Finality signatures from peers dropped unread, by reason (height outside the window, a second one, unknown signer)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly signatures = new Counter({
    name: 'sequencer_signing_signatures_total',
    help: "Signatures made with this node's key, in process or by its remote signer, by kind (quorum-vote, timeout-vote, da-vote, proposal, da-proposal, certificate, finality, cdn-auth)",
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly signingRefusals = new Counter({
    name: 'sequencer_signing_refusals_total',
    help: 'Signing requests that got no signature, by kind and reason (a refusal code such as double-sign or below-watermark, unavailable when the remote signer did not answer, failed otherwise); the message is dropped',
    labelNames: ['kind', 'reason'],
    registers: [this.registry],
  });
  readonly signingSeconds = new Histogram({
    name: 'sequencer_signing_request_seconds',
    help: 'Time to get one signature for this node (in process or from its remote signer), by kind',
    labelNames: ['kind'],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });
  readonly l1FinalizedBlock = new Gauge({
    name: 'sequencer_l1_finalized_block',
    help: 'The highest finalized L1 block the L1 watcher has seen (unset without --l1-url)',
    registers: [this.registry],
  });
  readonly l1PollFailures = new Counter({
    name: 'sequencer_l1_poll_failures_total',
    help: "Polls of the L1's finalized block that failed, by reason (request: no answer or an error; backwards: an older block than seen)",
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly l1HeldProposals = new Gauge({
    name: 'sequencer_consensus_l1_held_proposals',
    help: "Proposals held back because their l1Head is above this node's L1 view",
    registers: [this.registry],
  });
  readonly l1RefusedProposals = new Counter({
    name: 'sequencer_consensus_l1_refused_proposals_total',
    help: "Proposals dropped because this node's L1 view did not reach their l1Head, by reason (grace_expired, or held_full when more were held than allowed)",
    labelNames: ['reason'],
    registers: [this.registry],
  });

  constructor() {
    collectProcessMetrics(this.registry, 'sequencer_process_');
  }
}
