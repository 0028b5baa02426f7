import type { Prng } from '@hotshot/consensus/testing';
import type { ChainLedger } from './chain-ledger';
import type { NodeApi } from './node-api';

/** What the load needs from the network. */
export interface LoadTarget {
  upNodes(): number[];
  api(index: number): NodeApi;
}

/** Options of the transaction load. */
export interface LoadOptions {
  /** Submissions per second, spread over the running nodes. */
  readonly ratePerSecond: number;
  /** Namespaces to submit to, picked at random. */
  readonly namespaces: readonly number[];
  /** Payload bytes per transaction (at least the unique tag). */
  readonly payloadBytes: number;
}

/** Counts of what the load saw. */
export interface LoadStats {
  submitted: number;
  acknowledged: number;
  refused: number;
  unavailable: number;
}

/** Most submissions in flight; beyond it a tick is skipped (a stalled node must not pile up requests). */
const MAX_IN_FLIGHT = 16;

/**
 * A steady stream of unique transactions submitted to random running nodes. Every acknowledgement (HTTP 200 with
 * the hash) goes to the ledger with the node and time, for the exactly-once accounting.
 */
export class TxLoad {
  readonly stats: LoadStats = { submitted: 0, acknowledged: 0, refused: 0, unavailable: 0 };
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private sequence = 0;

  constructor(
    private readonly target: LoadTarget,
    private readonly ledger: ChainLedger,
    private readonly rng: Prng,
    private readonly runId: string,
    private readonly options: LoadOptions,
  ) {}

  start(): void {
    const periodMs = Math.max(5, Math.round(1000 / this.options.ratePerSecond));
    this.timer = setInterval(() => this.tick(), periodMs);
  }

  /** Stops submitting and waits for the answers in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
  }

  private tick(): void {
    if (this.inFlight.size >= MAX_IN_FLIGHT) return;
    const up = this.target.upNodes();
    if (up.length === 0) return;
    const node = this.rng.pick(up);
    const namespace = this.rng.pick(this.options.namespaces);
    const tag = new TextEncoder().encode(`${this.runId}:${this.sequence++}:`);
    const payload = new Uint8Array(Math.max(tag.length, this.options.payloadBytes));
    payload.set(tag);
    for (let i = tag.length; i < payload.length; i++) payload[i] = this.rng.int(0, 255);
    this.stats.submitted++;
    const request = this.target
      .api(node)
      .submit(namespace, payload)
      .then((result) => {
        if (result.kind === 'acknowledged') {
          this.stats.acknowledged++;
          this.ledger.acknowledge(result.hash, node, Date.now());
        } else if (result.kind === 'refused') this.stats.refused++;
        else this.stats.unavailable++;
      })
      .finally(() => this.inFlight.delete(request));
    this.inFlight.add(request);
  }
}
