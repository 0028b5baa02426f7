import type { CdnClient, CdnDelivery } from '@hotshot/cdn';
import { Topic } from '@hotshot/cdn';
import {
  decodeConsensusMessage,
  encodeConsensusMessage,
  messageInput,
  type ConsensusInput,
  type ConsensusMessage,
} from '@hotshot/consensus';
import { DecodeError, type BlockBounds } from '@hotshot/protocol';
import type { Logger } from '@hotshot/telemetry';
import type { ConsensusSender } from '../consensus/consensus-sender';
import type { NodeMetrics } from '../metrics/node-metrics';
import type { NodeMessage } from './node-message';
import { decodeNodeMessage, encodeNodeMessage } from './node-message-codec';

/** Handlers for the node messages that are not consensus. */
export interface NodeMessageHandlers {
  /** Checks a consensus message's signatures before it is queued (expensive work off the consensus queue). */
  readonly preverify: (message: ConsensusMessage) => void;
  readonly consensus: (input: ConsensusInput) => void;
  readonly other: (from: number, message: Exclude<NodeMessage, { kind: 'consensus' }>) => Promise<void> | void;
}

/**
 * The network module: sends node messages through the CDN client and turns deliveries into consensus inputs or
 * node actions. Garbage from a peer is counted and dropped, never thrown: no peer can stop this node.
 */
export class NodeNetwork implements ConsensusSender {
  constructor(
    private readonly client: CdnClient,
    private readonly bounds: BlockBounds,
    private readonly clock: () => number,
    private readonly metrics: NodeMetrics,
    private readonly log: Logger,
  ) {}

  broadcast(audience: 'all' | 'da-committee', message: ConsensusMessage): void {
    this.client.broadcast(audience === 'all' ? Topic.Global : Topic.Da, this.encodeConsensus(message));
  }

  sendTo(index: number, message: ConsensusMessage): void {
    this.client.sendDirect(index, this.encodeConsensus(message));
  }

  /** Sends a node message to one peer. */
  send(to: number, message: NodeMessage): void {
    this.client.sendDirect(to, encodeNodeMessage(message));
  }

  /** Sends one node message to several peers, encoded once. */
  sendToEach(to: readonly number[], message: NodeMessage): void {
    if (to.length === 0) return;
    const bytes = encodeNodeMessage(message);
    for (const peer of to) this.client.sendDirect(peer, bytes);
  }

  /** Sends a node message to every other node. */
  broadcastNode(message: NodeMessage): void {
    this.client.broadcast(Topic.Global, encodeNodeMessage(message));
  }

  private encodeConsensus(message: ConsensusMessage): Uint8Array {
    return encodeNodeMessage({ kind: 'consensus', bytes: encodeConsensusMessage(message) });
  }

  /** Reads deliveries until `signal` aborts. */
  async run(signal: AbortSignal, handlers: NodeMessageHandlers): Promise<void> {
    const deliveries = this.client.messages();
    signal.addEventListener('abort', () => void deliveries.return?.(), { once: true });
    for await (const delivery of deliveries) {
      if (signal.aborted) break;
      try {
        await this.handle(delivery, handlers);
      } catch (error) {
        if (!(error instanceof DecodeError)) {
          this.log.error('handling a message failed', { sender: delivery.sender, error });
          continue;
        }
        this.metrics.undecodable.inc({ sender: String(delivery.sender) });
        this.log.warn('undecodable message dropped', { sender: delivery.sender, reason: error.shortMessage });
      }
    }
  }

  private async handle(delivery: CdnDelivery, handlers: NodeMessageHandlers): Promise<void> {
    const message = decodeNodeMessage(delivery.bytes, this.bounds);
    if (message.kind !== 'consensus') return handlers.other(delivery.sender, message);
    const consensus = decodeConsensusMessage(message.bytes, this.bounds);
    if (consensus.sender !== delivery.sender) {
      // The broker stamps who sent the frame; a message claiming another sender is forged or replayed.
      this.metrics.rejected.inc({ subject: consensus.kind, reason: 'sender-mismatch' });
      this.log.warn('message claims another sender', {
        from: delivery.sender,
        claimed: consensus.sender,
        kind: consensus.kind,
      });
      return;
    }
    handlers.preverify(consensus);
    handlers.consensus(messageInput(consensus, this.clock()));
  }
}
