import type { DecidedBlock } from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import type { PayloadFetcher } from './catchup/payload-fetcher';
import type { FinalityService } from './finality/finality-service';

/** The node's own parts that act on every decide, in the order they run. */
export interface DecideSinks {
  /** Fetches the payloads of blocks decided without one (through catch-up). */
  readonly payloads: Pick<PayloadFetcher, 'want'>;
  /** Signs the highest decided header and collects the others' signatures. */
  readonly finality: Pick<FinalityService, 'onDecided'>;
}

/**
 * Where decided blocks go once stored: first this node's own parts (payload fetching, finality signing), then
 * every subscriber (the API's block streams), in height order. Subscribers may come before the node has joined.
 */
export class DecideFanOut {
  private sinks: DecideSinks | undefined;
  private readonly listeners = new Set<(blocks: readonly DecidedBlock[]) => void>();
  private lastAtMs: number | undefined;

  constructor(
    private readonly clock: () => number,
    private readonly log: Logger,
  ) {}

  /** Connects the node's own parts once it has joined. */
  attach(sinks: DecideSinks): void {
    this.sinks = sinks;
  }

  /** Subscribes to decided blocks in height order; returns the unsubscribe function. */
  subscribe(listener: (blocks: readonly DecidedBlock[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Wall-clock time of the last decide, in ms, or undefined before the first. */
  get lastDecideAtMs(): number | undefined {
    return this.lastAtMs;
  }

  /** Hands newly decided (and stored) blocks to the node's parts and then to every subscriber. */
  deliver(blocks: readonly DecidedBlock[]): void {
    this.lastAtMs = this.clock();
    const sinks = this.sinks;
    if (sinks) {
      for (const block of blocks) if (!block.payload) sinks.payloads.want(block.leaf.header.height);
      void sinks.finality.onDecided(blocks).catch((error) => this.log.error('finality signing failed', { error }));
    }
    for (const listener of this.listeners) listener(blocks);
  }
}
