import { checkBlockPayload, DecodeError, type BlockBounds, type BlockPayload } from '@hotshot/protocol';
import type { AvailabilityStore } from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import type { NodeMetrics } from '../metrics/node-metrics';
import type { NodeMessage } from '../network/node-message';

/**
 * The read path's last step: a decided block stored without its payload (decided through catch-up, or restored
 * after a crash) gets it from peers. A payload is attached only if it matches the decided header, so a peer can
 * waste a request but never plant data.
 */
export class PayloadFetcher {
  private readonly wanted = new Map<number, { tried: Set<number>; timer?: NodeJS.Timeout }>();
  private nextRequestId = 1;

  constructor(
    private readonly self: number,
    private readonly size: number,
    private readonly bounds: BlockBounds,
    private readonly availability: AvailabilityStore,
    private readonly send: (to: number, message: NodeMessage) => void,
    private readonly metrics: NodeMetrics,
    private readonly log: Logger,
    private readonly retryMs = 2000,
  ) {}

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
    for (let i = 0; i < this.size; i++) if (i !== this.self && !entry.tried.has(i)) peers.push(i);
    if (peers.length === 0) entry.tried.clear();
    const peer = peers.length ? peers[Math.floor(Math.random() * peers.length)]! : (this.self + 1) % this.size;
    entry.tried.add(peer);
    const requestId = this.nextRequestId++;
    this.metrics.catchupRequests.inc({ kind: 'payload' });
    this.send(peer, { kind: 'payload-request', requestId, height });
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.ask(height), this.retryMs);
    entry.timer.unref();
  }

  /** A peer answered; a payload that does not match the stored header is dropped and another peer is asked. */
  async onResponse(from: number, height: number, payload: BlockPayload | undefined): Promise<void> {
    if (!this.wanted.has(height) || !payload) return;
    const header = await this.availability.getHeader(height);
    if (!header) return;
    try {
      const checked = checkBlockPayload(payload, this.bounds);
      if (checked.commitment !== header.payloadCommitment || checked.size !== header.payloadSize) {
        this.log.warn('payload does not match the decided header', { height, from });
        return;
      }
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      this.log.warn('invalid payload from peer', { height, from, reason: error.shortMessage });
      return;
    }
    await this.availability.attachPayload(height, payload);
    clearTimeout(this.wanted.get(height)?.timer);
    this.wanted.delete(height);
    this.log.info('payload fetched', { height, from });
  }

  /** Answers a peer's request from this node's store. */
  async serve(requestId: number, height: number): Promise<NodeMessage> {
    const block = await this.availability.getBlock(height);
    return block?.payload
      ? { kind: 'payload-response', requestId, height, payload: block.payload }
      : { kind: 'payload-response', requestId, height };
  }

  stop(): void {
    for (const entry of this.wanted.values()) clearTimeout(entry.timer);
    this.wanted.clear();
  }
}
