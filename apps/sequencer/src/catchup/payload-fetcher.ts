import { checkBlockPayload, DecodeError, type BlockBounds, type BlockPayload } from '@hotshot/protocol';
import type { AvailabilityStore } from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import type { NodeMetrics } from '../metrics/node-metrics';
import type { NodeMessage } from '../network/node-message';

/** What the payload fetcher needs. */
export interface PayloadFetcherDeps {
  readonly self: number;
  /** Number of nodes in the network (peers are 0..size-1 but self). */
  readonly size: number;
  readonly bounds: BlockBounds;
  readonly availability: AvailabilityStore;
  readonly send: (to: number, message: NodeMessage) => void;
  readonly metrics: NodeMetrics;
  readonly log: Logger;
  /** How long to wait for a peer's answer before another peer is asked, in ms (NODE_TUNING.payloadRetryMs). */
  readonly retryMs: number;
}

/**
 * The read path's last step: a decided block stored without its payload (decided through catch-up, or restored
 * after a crash) gets it from peers. A payload is attached only if it matches the decided header, so a peer can
 * waste a request but never plant data.
 */
export class PayloadFetcher {
  private readonly wanted = new Map<number, { tried: Set<number>; timer?: NodeJS.Timeout }>();
  private nextRequestId = 1;

  constructor(private readonly deps: PayloadFetcherDeps) {}

  /** Starts fetching the payload of the decided block at `height`. */
  want(height: number): void {
    if (this.wanted.has(height)) return;
    this.wanted.set(height, { tried: new Set() });
    this.ask(height);
  }

  private ask(height: number): void {
    const entry = this.wanted.get(height);
    if (!entry) return;
    const peers = [];
    for (let i = 0; i < this.deps.size; i++) if (i !== this.deps.self && !entry.tried.has(i)) peers.push(i);
    if (peers.length === 0) entry.tried.clear();
    const peer = peers.length
      ? peers[Math.floor(Math.random() * peers.length)]!
      : (this.deps.self + 1) % this.deps.size;
    entry.tried.add(peer);
    const requestId = this.nextRequestId++;
    this.deps.metrics.catchupRequests.inc({ kind: 'payload' });
    this.deps.send(peer, { kind: 'payload-request', requestId, height });
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.ask(height), this.deps.retryMs);
    entry.timer.unref();
  }

  /** A peer answered; a payload that does not match the stored header is dropped and another peer is asked. */
  async onResponse(from: number, height: number, payload: BlockPayload | undefined): Promise<void> {
    if (!this.wanted.has(height) || !payload) return;
    const header = await this.deps.availability.getHeader(height);
    if (!header) return;
    try {
      const checked = checkBlockPayload(payload, this.deps.bounds);
      if (checked.commitment !== header.payloadCommitment || checked.size !== header.payloadSize) {
        this.deps.log.warn('payload does not match the decided header', { height, from });
        return;
      }
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      this.deps.log.warn('invalid payload from peer', { height, from, reason: error.shortMessage });
      return;
    }
    await this.deps.availability.attachPayload(height, payload);
    clearTimeout(this.wanted.get(height)?.timer);
    this.wanted.delete(height);
    this.deps.log.info('payload fetched', { height, from });
  }

  /** Answers a peer's request from this node's store. */
  async serve(requestId: number, height: number): Promise<NodeMessage> {
    const block = await this.deps.availability.getBlock(height);
    return block?.payload
      ? { kind: 'payload-response', requestId, height, payload: block.payload }
      : { kind: 'payload-response', requestId, height };
  }

  stop(): void {
    for (const entry of this.wanted.values()) clearTimeout(entry.timer);
    this.wanted.clear();
  }
}
