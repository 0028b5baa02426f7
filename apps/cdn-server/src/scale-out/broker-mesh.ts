import { timingSafeEqual } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { bytesToHex, hexToBytes } from 'viem';
import type { Logger } from '@hotshot/telemetry';
import {
  CdnProtocolError,
  decodeFrame,
  PING_FRAME,
  PONG_FRAME,
  ErrorCode,
  errorCodeName,
  FrameKind,
  parseEndpoint,
  UnexpectedFrameError,
} from '@hotshot/cdn';
import { BrokerListenError } from '../broker/broker-errors';
import type { BrokerRecord } from './broker-registry';
import { MeshKind, decodeMeshFrame, encodeMeshFrame } from './mesh-codec';
import { MeshLink, type MeshLinkOwner } from './mesh-link';
import { MeshRefusedError } from './scale-out-errors';

/** What the mesh hands to the router once a link is up. */
export interface MeshHandler {
  /** A link to `link.peerId` is established (it replaced any older one): send it this broker's directory. */
  onLinkUp(link: MeshLink): void;
  /** The current link to `peerId` is gone: forget the nodes it announced. */
  onLinkDown(peerId: string): void;
  /** A Broadcast, Direct, UserState or UserGone frame from an established link; may throw a CdnProtocolError. */
  onPeerFrame(link: MeshLink, frame: Uint8Array): void;
  /** A chunk of mesh input was handled: flush what it queued for nodes. */
  afterInput(): void;
}

/** Options of BrokerMesh. */
export interface BrokerMeshOptions {
  readonly selfId: string;
  /** This broker's secret, 32 bytes, registered in Redis. */
  readonly token: Uint8Array;
  readonly host: string;
  readonly port: number;
  readonly maxFrameBytes: number;
  readonly budgetBytes: number;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  /** Time a link has to finish its handshake. */
  readonly handshakeTimeoutMs: number;
  readonly closeGraceMs: number;
  /** A peer's registration, to check the token it presents. */
  readonly lookupPeer: (id: string) => Promise<BrokerRecord | undefined>;
  /** An established link to `id` went down (after the handler forgot its nodes). */
  readonly onPeerLost?: (id: string) => void;
  readonly logger: Logger;
  readonly now: () => number;
}

/**
 * The full mesh between brokers: every pair holds one TCP link, dialled by the broker with the lower id (so two
 * brokers never dial each other at once and deadlock or double up). Each side proves itself with the token it
 * registered in Redis. Links are dialled again on every registry round while a peer is registered.
 */
export class BrokerMesh implements MeshLinkOwner {
  handler: MeshHandler | undefined;
  private readonly server: Server;
  private readonly byPeer = new Map<string, MeshLink>();
  private readonly dialling = new Map<string, MeshLink>();
  private readonly all = new Set<MeshLink>();
  // Copy-on-write: sending can drop a slow link mid-loop.
  private established: readonly MeshLink[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: BrokerMeshOptions) {
    this.server = createServer((socket) => {
      if (this.closed) {
        socket.destroy();
        return;
      }
      this.track(new MeshLink(socket, this, this.options, false, undefined, this.options.now));
    });
  }

  /** Binds the mesh port and starts the link heartbeats. */
  async listen(): Promise<{ host: string; port: number }> {
    const { host, port } = this.options;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error) => reject(new BrokerListenError(host, port, error)));
      this.server.listen(port, host, () => resolve());
    });
    this.timer = setInterval(() => this.sweep(), this.options.heartbeatIntervalMs);
    this.timer.unref();
    const info = this.server.address() as AddressInfo;
    return { host: info.address, port: info.port };
  }

  /** Established links, one per peer. */
  links(): readonly MeshLink[] {
    return this.established;
  }

  /** The established link to `peerId`. */
  link(peerId: string): MeshLink | undefined {
    const link = this.byPeer.get(peerId);
    return link?.established ? link : undefined;
  }

  /** Dials every registered peer with a higher id that has no link yet. */
  reconcile(peers: readonly BrokerRecord[]): void {
    if (this.closed) return;
    for (const peer of peers) {
      if (peer.id <= this.options.selfId || this.byPeer.has(peer.id) || this.dialling.has(peer.id)) continue;
      this.dial(peer);
    }
  }

  /** Closes every link and the port. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const link of this.all) link.closeWithError(ErrorCode.ShuttingDown, 'broker is shutting down', 'shutdown');
    if (this.server.listening) await serverClosed;
  }

  onLinkFrame(link: MeshLink, frame: Uint8Array): void {
    const kind = frame[4];
    if (kind === FrameKind.Ping) {
      link.send(PONG_FRAME);
      return;
    }
    if (kind === FrameKind.Pong) return;
    if (kind === FrameKind.Error) {
      const error = decodeFrame(frame);
      if (error.kind === FrameKind.Error) {
        this.options.logger.warn('mesh peer closed the link', {
          peer: link.peerId,
          reason: errorCodeName(error.code),
          error: error.message,
        });
      }
      link.destroy('peer_error');
      return;
    }
    if (link.established) {
      this.handler?.onPeerFrame(link, frame);
      return;
    }
    if (kind !== MeshKind.Hello || link.verifying) throw new UnexpectedFrameError(kind, 'mesh handshake');
    const hello = decodeMeshFrame(frame);
    if (hello.kind !== MeshKind.Hello) throw new UnexpectedFrameError(kind, 'mesh handshake');
    if (link.dialled) {
      if (hello.brokerId !== link.peerId || !sameToken(hello.token, link.expectedToken)) {
        throw new MeshRefusedError('the dialled broker answered with another id or token', { peer: hello.brokerId });
      }
      this.establish(link, hello.brokerId);
      return;
    }
    if (hello.brokerId >= this.options.selfId) {
      throw new MeshRefusedError('the broker with the lower id dials', { peer: hello.brokerId });
    }
    const token = hello.token.slice();
    link.verifying = true;
    this.options.lookupPeer(hello.brokerId).then(
      (record) => {
        link.verifying = false;
        if (link.closing) return;
        if (record === undefined || !sameToken(token, record.token)) {
          this.onLinkError(link, new MeshRefusedError('unknown broker or wrong token', { peer: hello.brokerId }));
          return;
        }
        link.send(encodeMeshFrame({ kind: MeshKind.Hello, brokerId: this.options.selfId, token: this.options.token }));
        this.establish(link, hello.brokerId);
      },
      (error: unknown) => {
        link.verifying = false;
        this.options.logger.warn('mesh handshake could not reach Redis', { peer: hello.brokerId, error });
        link.destroy('registry_unavailable');
      },
    );
  }

  onLinkError(link: MeshLink, error: unknown): void {
    if (error instanceof CdnProtocolError) {
      this.options.logger.warn('mesh link refused', {
        peer: link.peerId,
        remote: link.remote,
        reason: errorCodeName(error.code),
        error: error.shortMessage,
      });
      link.closeWithError(error.code, error.shortMessage, errorCodeName(error.code));
      return;
    }
    this.options.logger.error('mesh frame handling failed', { peer: link.peerId, error });
    link.closeWithError(ErrorCode.Internal, 'internal broker error', 'internal');
  }

  onLinkInputProcessed(): void {
    this.handler?.afterInput();
  }

  onLinkClosed(link: MeshLink, reason: string): void {
    this.all.delete(link);
    const peerId = link.peerId;
    if (peerId === undefined) return;
    if (this.dialling.get(peerId) === link) this.dialling.delete(peerId);
    if (this.byPeer.get(peerId) !== link) return;
    this.byPeer.delete(peerId);
    this.established = this.established.filter((l) => l !== link);
    this.options.logger.warn('mesh link down', { peer: peerId, reason });
    this.handler?.onLinkDown(peerId);
    this.options.onPeerLost?.(peerId);
  }

  private dial(peer: BrokerRecord): void {
    let endpoint;
    try {
      endpoint = parseEndpoint(peer.mesh);
    } catch {
      this.options.logger.warn('peer registered a bad mesh address', { peer: peer.id, mesh: peer.mesh });
      return;
    }
    const socket = connect(endpoint);
    const link = new MeshLink(socket, this, this.options, true, peer.token, this.options.now);
    link.peerId = peer.id;
    this.dialling.set(peer.id, link);
    this.track(link);
    socket.once('connect', () => {
      link.send(encodeMeshFrame({ kind: MeshKind.Hello, brokerId: this.options.selfId, token: this.options.token }));
    });
  }

  private track(link: MeshLink): void {
    this.all.add(link);
    // A link that never finishes its handshake (or never connects) is dropped and dialled again later.
    setTimeout(() => {
      if (!link.established) link.destroy('handshake_timeout');
    }, this.options.handshakeTimeoutMs).unref();
  }

  private establish(link: MeshLink, peerId: string): void {
    if (this.dialling.get(peerId) === link) this.dialling.delete(peerId);
    const previous = this.byPeer.get(peerId);
    link.establish(peerId);
    this.byPeer.set(peerId, link);
    this.established = [...this.established.filter((l) => l !== previous), link];
    if (previous !== undefined && previous !== link) {
      // The directory entries stay: the new link's snapshot overwrites them, and the old link no longer counts.
      previous.closeWithError(ErrorCode.Superseded, 'a newer link to this broker is up', 'replaced');
    }
    this.options.logger.info('mesh link up', { peer: peerId, remote: link.remote, dialled: link.dialled });
    this.handler?.onLinkUp(link);
  }

  private sweep(): void {
    const now = this.options.now();
    for (const link of this.all) {
      const idle = now - link.lastReceivedAt;
      if (idle >= this.options.heartbeatTimeoutMs) link.destroy('heartbeat_timeout');
      else if (link.established && idle >= this.options.heartbeatIntervalMs / 2) link.send(PING_FRAME);
    }
  }
}

function sameToken(token: Uint8Array, expectedHex: string | undefined): boolean {
  if (expectedHex === undefined || !/^0x[0-9a-f]{64}$/.test(expectedHex)) return false;
  return timingSafeEqual(token, hexToBytes(expectedHex as `0x${string}`));
}

/** A fresh mesh token as registered in Redis. */
export function tokenHex(token: Uint8Array): string {
  return bytesToHex(token);
}
