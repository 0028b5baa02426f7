import type { Hex } from 'viem';

/** An authenticated node as the router sees it. */
export interface RoutedNode {
  readonly publicKey: Hex;
  readonly index: number;
  /** Which session of the key this is, when several brokers must agree on the newest (see AdmittedKey.epoch). */
  readonly epoch?: number;
  /** Topic bit mask the node is subscribed to. */
  readonly topics: number;
  /** Queues a whole frame for the node; false when the node is gone or refused it (and was disconnected). */
  deliver(frame: Uint8Array): boolean;
}

/** What became of a direct frame. */
export type DirectOutcome = 'delivered' | 'recipient_offline' | 'unknown_recipient' | 'refused';

/**
 * Where frames go once the broker has checked them. The single broker uses LocalFrameRouter; the scale-out
 * (DESIGN.md section 5) slots in a router backed by a user-to-broker directory in Redis that forwards a direct
 * frame to the owning broker and a broadcast to every broker with subscribers, without touching the broker.
 * A router forwards the frame's bytes as they are, to every recipient.
 */
export interface FrameRouter {
  /** A node authenticated on this broker (replacing any earlier connection of the same key). */
  join(node: RoutedNode): void;
  /** A node's connection closed. */
  leave(node: RoutedNode): void;
  /** A node's topic mask changed. */
  topicsChanged(node: RoutedNode): void;
  /** Sends a broadcast frame to every subscriber of any topic in `topics` but the sender; returns how many. */
  broadcast(sender: RoutedNode, topics: number, frame: Uint8Array): number;
  /** Sends a direct frame to the node with public key `recipient`. */
  direct(sender: RoutedNode, recipient: Hex, frame: Uint8Array, isRosterKey: boolean): DirectOutcome;
}

/** Routes among the nodes connected to this broker. */
export class LocalFrameRouter implements FrameRouter {
  // Copy-on-write: a delivery can disconnect a slow node mid-loop, which must not disturb the loop.
  private nodes: readonly RoutedNode[] = [];
  private readonly byKey = new Map<Hex, RoutedNode>();

  join(node: RoutedNode): void {
    const previous = this.byKey.get(node.publicKey);
    this.nodes = [...this.nodes.filter((n) => n !== previous), node];
    this.byKey.set(node.publicKey, node);
  }

  leave(node: RoutedNode): void {
    if (!this.nodes.includes(node)) return;
    this.nodes = this.nodes.filter((n) => n !== node);
    if (this.byKey.get(node.publicKey) === node) this.byKey.delete(node.publicKey);
  }

  topicsChanged(): void {
    // Topics are read from the node on every broadcast; nothing is cached here.
  }

  broadcast(sender: RoutedNode, topics: number, frame: Uint8Array): number {
    let delivered = 0;
    const nodes = this.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (node !== sender && (node.topics & topics) !== 0 && node.deliver(frame)) delivered++;
    }
    return delivered;
  }

  direct(_sender: RoutedNode, recipient: Hex, frame: Uint8Array, isRosterKey: boolean): DirectOutcome {
    const node = this.byKey.get(recipient);
    if (node === undefined) return isRosterKey ? 'recipient_offline' : 'unknown_recipient';
    return node.deliver(frame) ? 'delivered' : 'refused';
  }

  /** Nodes connected right now. */
  connectedNodes(): readonly RoutedNode[] {
    return this.nodes;
  }
}
