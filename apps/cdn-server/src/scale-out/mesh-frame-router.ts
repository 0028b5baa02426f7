import { bytesToHex, hexToBytes, type Hex } from 'viem';
import { decodeFrame, FrameKind, UnexpectedFrameError } from '@hotshot/cdn';
import { LocalFrameRouter, type DirectOutcome, type FrameRouter, type RoutedNode } from '../broker/frame-router';
import type { BrokerMesh, MeshHandler } from './broker-mesh';
import { MeshKind, decodeMeshFrame, encodeMeshFrame } from './mesh-codec';
import type { MeshLink } from './mesh-link';
import { UserDirectory } from './user-directory';

/** The sender a peer's frame is delivered as: on no broker's node list, so nobody is skipped. */
const PEER_SENDER: RoutedNode = { publicKey: '0x', index: -1, topics: 0, deliver: () => false };

/** What the router needs from the broker it routes for. */
export interface MeshRouterHooks {
  /** Closes this broker's connection of `publicKey`: a newer session of the key is on another broker. */
  supersede(publicKey: Hex): void;
  /** Writes what frames from the mesh queued for this broker's nodes. */
  flush(): void;
}

/**
 * Routes for one broker of the scale-out (the FrameRouter the single broker was written for): its own nodes through a
 * LocalFrameRouter, other brokers' through the mesh. Every broker keeps the user-to-broker directory with each node's
 * topics, announced over the mesh as nodes come, change topics and go. A direct frame travels at most one hop, to the
 * broker that holds the recipient; a broadcast goes once to each broker with a subscriber of its topics, which hands
 * it only to its own nodes.
 */
export class MeshFrameRouter implements FrameRouter, MeshHandler {
  readonly directory = new UserDirectory();
  private readonly local = new LocalFrameRouter();
  /** Frames forwarded to and received from peers, by kind name, for metrics. */
  readonly forwarded = { broadcastOut: 0, directOut: 0, broadcastIn: 0, directIn: 0 };

  constructor(
    private readonly selfId: string,
    private readonly mesh: BrokerMesh,
    private readonly hooks: MeshRouterHooks,
  ) {
    mesh.handler = this;
  }

  join(node: RoutedNode): void {
    this.local.join(node);
    const update = this.directory.upsert(node.publicKey, this.entryOf(node));
    // A newer session of this key is already known on another broker: this one is stale.
    if (!update.applied) this.hooks.supersede(node.publicKey);
    else this.announce(this.stateFrame(node.publicKey, node.epoch ?? 0, node.index, node.topics));
  }

  leave(node: RoutedNode): void {
    this.local.leave(node);
    this.directory.remove(node.publicKey, this.selfId, node.epoch ?? 0);
    // Announced even when the directory had moved on: peers remove only the very session named.
    this.announce(
      encodeMeshFrame({ kind: MeshKind.UserGone, publicKey: hexToBytes(node.publicKey), epoch: node.epoch ?? 0 }),
    );
  }

  topicsChanged(node: RoutedNode): void {
    const entry = this.directory.get(node.publicKey);
    if (entry?.broker !== this.selfId || entry.epoch !== (node.epoch ?? 0)) return;
    this.directory.upsert(node.publicKey, this.entryOf(node));
    this.announce(this.stateFrame(node.publicKey, node.epoch ?? 0, node.index, node.topics));
  }

  broadcast(sender: RoutedNode, topics: number, frame: Uint8Array): number {
    let delivered = this.local.broadcast(sender, topics, frame);
    const links = this.mesh.links();
    for (let i = 0; i < links.length; i++) {
      const link = links[i];
      if ((this.directory.topicsOf(link.peerId!) & topics) !== 0 && link.send(frame)) {
        delivered++;
        this.forwarded.broadcastOut++;
      }
    }
    return delivered;
  }

  direct(sender: RoutedNode, recipient: Hex, frame: Uint8Array, isRosterKey: boolean): DirectOutcome {
    const entry = this.directory.get(recipient);
    if (entry === undefined) return isRosterKey ? 'recipient_offline' : 'unknown_recipient';
    if (entry.broker === this.selfId) return this.local.direct(sender, recipient, frame, isRosterKey);
    const link = this.mesh.link(entry.broker);
    if (link === undefined) return 'recipient_offline';
    if (!link.send(frame)) return 'refused';
    this.forwarded.directOut++;
    return 'delivered';
  }

  onLinkUp(link: MeshLink): void {
    for (const [key, entry] of this.directory.on(this.selfId)) {
      link.send(this.stateFrame(key, entry.epoch, entry.index, entry.topics));
    }
  }

  onLinkDown(peerId: string): void {
    this.directory.removeBroker(peerId);
  }

  onPeerFrame(link: MeshLink, frame: Uint8Array): void {
    const peerId = link.peerId!;
    switch (frame[4]) {
      case FrameKind.Broadcast: {
        const message = decodeFrame(frame);
        if (message.kind !== FrameKind.Broadcast) return;
        this.forwarded.broadcastIn++;
        // Only to nodes here: a frame from a peer is never forwarded again.
        this.local.broadcast(PEER_SENDER, message.topics, frame);
        return;
      }
      case FrameKind.Direct: {
        const message = decodeFrame(frame);
        if (message.kind !== FrameKind.Direct) return;
        this.forwarded.directIn++;
        this.local.direct(PEER_SENDER, bytesToHex(message.recipient), frame, true);
        return;
      }
      case MeshKind.UserState: {
        const state = decodeMeshFrame(frame);
        if (state.kind !== MeshKind.UserState) return;
        const key = bytesToHex(state.publicKey);
        const update = this.directory.upsert(key, {
          broker: peerId,
          epoch: state.epoch,
          index: state.index,
          topics: state.topics,
        });
        if (update.applied && update.previous?.broker === this.selfId) this.hooks.supersede(key);
        return;
      }
      case MeshKind.UserGone: {
        const gone = decodeMeshFrame(frame);
        if (gone.kind === MeshKind.UserGone) this.directory.remove(bytesToHex(gone.publicKey), peerId, gone.epoch);
        return;
      }
      default:
        throw new UnexpectedFrameError(frame[4], 'mesh link');
    }
  }

  afterInput(): void {
    this.hooks.flush();
  }

  /** Nodes connected to this broker. */
  get localNodes(): number {
    return this.local.connectedNodes().length;
  }

  private entryOf(node: RoutedNode) {
    return { broker: this.selfId, epoch: node.epoch ?? 0, index: node.index, topics: node.topics };
  }

  private stateFrame(publicKey: Hex, epoch: number, index: number, topics: number): Uint8Array {
    return encodeMeshFrame({ kind: MeshKind.UserState, publicKey: hexToBytes(publicKey), epoch, index, topics });
  }

  private announce(frame: Uint8Array): void {
    for (const link of this.mesh.links()) link.send(frame);
  }
}
