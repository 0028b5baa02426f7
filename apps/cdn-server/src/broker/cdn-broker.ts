import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { bytesToHex } from 'viem';
import { type Logger, silentLogger } from '@hotshot/telemetry';
import {
  type CdnMessage,
  CdnProtocolError,
  decodeFrame,
  encodeFrame,
  PING_FRAME,
  PONG_FRAME,
  ErrorCode,
  errorCodeName,
  FRAME_KIND_NAMES,
  FrameKind,
  stampSender,
  UnexpectedFrameError,
} from '@hotshot/cdn';
import type { AdmittedKey } from './broker-auth';
import { BrokerConnection, type ConnectionOwner } from './broker-connection';
import {
  BrokerListenError,
  RosterPersistError,
  SendBudgetExceededError,
  TooManyConnectionsError,
  WrongAdmissionFrameError,
} from './broker-errors';

export { BrokerListenError };
import { LocalBrokerGate, type AdmissionMessage, type BrokerGate } from './broker-gate';
import { BrokerMetrics } from './broker-metrics';
import { resolveBrokerOptions, type CdnBrokerOptions, type ResolvedBrokerOptions } from './broker-options';
import { LocalFrameRouter, type FrameRouter } from './frame-router';
import type { Roster } from './roster';
import { WelcomeTemplate } from './welcome-template';
import { MemoryRosterStore } from './roster-store';
import { PendingConnections } from './pending-connections';

/** A reader that took bytes off its queue this recently is lagging, not stalled. */
const READING_WITHIN_MS = 2000;

/**
 * The CDN broker (DESIGN.md section 5): authenticates nodes by BLS key, assigns roster indices in join order,
 * sends every node Welcome once the roster is full, and forwards Broadcast and Direct frames as the same bytes
 * (only the sender index is stamped in, once per frame). Each connection is bounded by a frame limit, an
 * authentication deadline, heartbeats and an outbound byte budget; a bad peer loses its own connection only.
 */
export class CdnBroker implements ConnectionOwner {
  readonly metrics: BrokerMetrics;
  private readonly options: ResolvedBrokerOptions;
  private readonly log: Logger;
  private readonly gate: BrokerGate;
  private readonly roster: Roster;
  private readonly router: FrameRouter;
  private readonly server: Server;
  private readonly connections = new Set<BrokerConnection>();
  private readonly byKey = new Map<string, BrokerConnection>();
  private dirty: BrokerConnection[] = [];
  private readonly pending: PendingConnections<BrokerConnection>;
  /** The member whose frame is being routed, and whether that frame is beyond its send budget. */
  private routingFrom: BrokerConnection | undefined;
  deliveringExcess = false;
  private nextConnectionId = 1;
  private welcomeTemplate: WelcomeTemplate | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private allClosed: (() => void) | undefined;

  /** Loads the stored roster; throws RosterFileCorruptError or RosterMismatchError when it cannot be used. */
  constructor(options: CdnBrokerOptions) {
    this.options = resolveBrokerOptions(options);
    this.log = (options.logger ?? silentLogger).child({ module: 'cdn-broker' });
    this.gate =
      options.gate ??
      new LocalBrokerGate(
        options.rosterStore ?? new MemoryRosterStore(),
        this.options.expectedNodes,
        this.options.config,
        this.options.maxClockSkewMs,
      );
    this.roster = this.gate.roster;
    this.router = options.router ?? new LocalFrameRouter();
    this.pending = new PendingConnections(
      this.options.maxUnauthenticatedConnections,
      this.options.maxUnauthenticatedPerAddress,
    );
    this.metrics = new BrokerMetrics({
      connections: () => this.connections.size,
      authenticatedNodes: () => this.byKey.size,
      rosterNodes: () => this.roster.size,
    });
    if (this.roster.isFull) this.welcomeTemplate = new WelcomeTemplate(this.options.config, this.roster.stakeTable());
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Binds the port and starts the heartbeat sweep; resolves with the bound address. */
  async listen(): Promise<{ host: string; port: number }> {
    const { host, port } = this.options;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error) => reject(new BrokerListenError(host, port, error)));
      this.server.listen(port, host, () => resolve());
    });
    this.heartbeatTimer = setInterval(() => this.sweep(), this.options.heartbeatIntervalMs);
    this.heartbeatTimer.unref();
    const address = this.address;
    this.log.info('listening', {
      ...address,
      expectedNodes: this.options.expectedNodes,
      rosterNodes: this.roster.size,
      roster: this.gate.location,
    });
    return address;
  }

  /** The bound address (after listen). */
  get address(): { host: string; port: number } {
    const info = this.server.address() as AddressInfo;
    return { host: info.address, port: info.port };
  }

  /** Whether the roster is full and Welcome has gone out. */
  get hasStarted(): boolean {
    return this.welcomeTemplate !== undefined;
  }

  /** Nodes authenticated on this broker right now (its load, for the scale-out's marshal). */
  get authenticatedNodes(): number {
    return this.byKey.size;
  }

  /** The roster grew outside this broker (the scale-out's marshal admitted a key): Welcome everyone once it is full. */
  rosterChanged(): void {
    if (this.welcomeTemplate !== undefined || !this.roster.isFull || this.closing) return;
    this.startNetwork();
    this.flushDirty();
  }

  /** Writes what frames from outside the node connections (the scale-out's mesh) queued for nodes here. */
  flushOutput(): void {
    this.flushDirty();
  }

  /** Closes the connection of `publicKey` here: the key has a newer session on another broker. */
  supersede(publicKey: string): void {
    const connection = this.byKey.get(publicKey);
    if (connection === undefined) return;
    this.log.info('node moved to another broker', { index: connection.index, publicKey });
    connection.closeWithError(ErrorCode.Superseded, 'the same key connected to another broker', 'superseded');
  }

  /** Stops accepting, tells every peer it is shutting down, and resolves once every socket is closed. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.heartbeatTimer);
      const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      const drained = new Promise<void>((resolve) => (this.allClosed = resolve));
      for (const connection of this.connections) {
        connection.closeWithError(ErrorCode.ShuttingDown, 'broker is shutting down', 'shutdown');
      }
      if (this.connections.size === 0) this.allClosed?.();
      await drained;
      if (this.server.listening) await serverClosed;
      this.log.info('stopped', {});
    })();
    return this.closing;
  }

  onFrame(connection: BrokerConnection, frame: Uint8Array): void {
    const kind = frame[4];
    this.metrics.frameIn(kind < FRAME_KIND_NAMES.length ? kind : 0, frame.length);
    const message = decodeFrame(frame);
    if (answerHeartbeat(connection, message)) return;
    if (!connection.isAuthenticated) {
      this.beforeAdmission(connection, message);
      return;
    }
    switch (message.kind) {
      case FrameKind.Broadcast:
        stampSender(frame, connection.index);
        this.routingFrom = connection;
        this.deliveringExcess = connection.budget?.lastFrameExcess ?? false;
        try {
          if (this.router.broadcast(connection, message.topics, frame) === 0) {
            this.metrics.dropped(kind, 'no_subscribers');
          }
        } finally {
          this.routingFrom = undefined;
          this.deliveringExcess = false;
        }
        return;
      case FrameKind.Direct: {
        stampSender(frame, connection.index);
        const recipient = bytesToHex(message.recipient);
        const isRosterKey = this.roster.indexOf(recipient) !== undefined;
        this.routingFrom = connection;
        this.deliveringExcess = connection.budget?.lastFrameExcess ?? false;
        try {
          const outcome = this.router.direct(connection, recipient, frame, isRosterKey);
          if (outcome !== 'delivered') this.metrics.dropped(kind, outcome);
        } finally {
          this.routingFrom = undefined;
          this.deliveringExcess = false;
        }
        return;
      }
      case FrameKind.Subscribe:
        connection.topics = (connection.topics | message.topics) >>> 0;
        this.router.topicsChanged(connection);
        return;
      case FrameKind.Unsubscribe:
        connection.topics = (connection.topics & ~message.topics) >>> 0;
        this.router.topicsChanged(connection);
        return;
      case FrameKind.Error:
        this.log.info('node reported an error', {
          index: connection.index,
          code: message.code,
          error: message.message,
        });
        connection.destroy('peer_error');
        return;
      default:
        throw new UnexpectedFrameError(message.kind, 'authenticated');
    }
  }

  onInputError(connection: BrokerConnection, error: unknown): void {
    if (error instanceof CdnProtocolError) {
      this.log.warn('connection refused', {
        connection: connection.id,
        remote: connection.remote,
        ...(connection.isAuthenticated ? { index: connection.index } : {}),
        reason: errorCodeName(error.code),
        error: error.shortMessage,
        ...error.details,
      });
      connection.closeWithError(error.code, error.shortMessage, errorCodeName(error.code));
      return;
    }
    this.log.error('frame handling failed', { connection: connection.id, index: connection.index, error });
    connection.closeWithError(ErrorCode.Internal, 'internal broker error', 'internal');
  }

  onInputProcessed(): void {
    this.flushDirty();
  }

  markDirty(connection: BrokerConnection): void {
    this.dirty.push(connection);
  }

  get routingSender(): number | undefined {
    return this.routingFrom?.index;
  }

  /**
   * `receiver`'s queue is full. It is the sender's fault (issue 17, finding 4: never the honest reader's) when one
   * member's frames take at least half of that queue while `receiver` is still reading, and another reader holds a
   * backlog of that member's frames from earlier turns too: the member sends faster than members read, even within
   * its send budget, and is cut. A reader that stalls, or lags while the others keep up, is a slow consumer.
   */
  onOutboundFull(receiver: BrokerConnection, kind: number): void {
    const flooder = this.floodingInto(receiver);
    if (flooder) {
      this.metrics.dropped(kind, 'sender_flooding');
      this.cutFlooder(flooder, receiver);
      return;
    }
    this.onSlowConsumer(receiver, kind);
  }

  private floodingInto(receiver: BrokerConnection): BrokerConnection | undefined {
    const budget = this.options.outboundBudgetBytes;
    const largest = receiver.largestSender();
    if (!largest || largest.bytes < budget / 2 || largest.sender === receiver.index) return undefined;
    if (!receiver.readWithin(READING_WITHIN_MS)) return undefined;
    const members = [...this.connections].filter((c) => c.isAuthenticated && !c.closing);
    const flooder = members.find((c) => c.index === largest.sender);
    if (!flooder) return undefined;
    const elsewhere = members.some(
      (other) => other !== receiver && other !== flooder && other.backlogFrom(flooder.index) >= budget / 4,
    );
    return elsewhere ? flooder : undefined;
  }

  private onSlowConsumer(connection: BrokerConnection, kind: number): void {
    this.metrics.dropped(kind, 'slow_consumer');
    this.log.warn('slow consumer disconnected', {
      connection: connection.id,
      index: connection.index,
      budgetBytes: this.options.outboundBudgetBytes,
    });
    connection.destroy('slow_consumer');
  }

  onFlooded(receiver: BrokerConnection, kind: number): void {
    this.metrics.dropped(kind, 'sender_over_budget');
    const sender = this.routingFrom;
    if (sender === undefined || sender.closing) return;
    this.cutFlooder(sender, receiver);
  }

  private cutFlooder(sender: BrokerConnection, receiver: BrokerConnection): void {
    this.metrics.sendBudget('cut_flooding');
    for (const connection of this.connections) if (connection !== sender) connection.blameQueuedOn(sender.index);
    this.onInputError(
      sender,
      new SendBudgetExceededError(sender.index, 'receiver_flooded', {
        receiver: receiver.index,
        budgetBytes: this.options.outboundBudgetBytes,
      }),
    );
  }

  onOverBudget(connection: BrokerConnection, debtMs: number): void {
    const overForMs = connection.budget?.overBudgetForMs(this.options.now()) ?? 0;
    if (overForMs >= this.options.sendBudgetCutAfterMs) {
      this.metrics.sendBudget('cut_sustained');
      this.onInputError(
        connection,
        new SendBudgetExceededError(connection.index, 'sustained', {
          overForMs,
          bytesPerSecond: this.options.sendBudgetBytesPerSecond,
          framesPerSecond: this.options.sendBudgetFramesPerSecond,
        }),
      );
      return;
    }
    this.metrics.sendBudget('throttled');
    this.log.debug('sender throttled', { index: connection.index, pauseMs: debtMs, overForMs });
    connection.pauseFor(debtMs);
  }

  onClosed(connection: BrokerConnection, reason: string): void {
    this.connections.delete(connection);
    this.metrics.disconnected(reason);
    if (connection.isAuthenticated) {
      this.router.leave(connection);
      if (this.byKey.get(connection.publicKey) === connection) this.byKey.delete(connection.publicKey);
      this.log.info('node left', { index: connection.index, publicKey: connection.publicKey, reason });
    } else {
      this.pending.remove(connection);
      this.log.debug('connection closed', { connection: connection.id, reason });
    }
    if (this.connections.size === 0) this.allClosed?.();
  }

  private accept(socket: Socket): void {
    const connection = new BrokerConnection(
      this.nextConnectionId++,
      socket,
      this,
      this.options,
      this.metrics,
      this.options.now,
    );
    this.connections.add(connection);
    if (this.closing) {
      connection.closeWithError(ErrorCode.ShuttingDown, 'broker is shutting down', 'shutdown');
      return;
    }
    const decision = this.pending.decide(connection.addressGroup);
    if (decision.kind === 'refuse') {
      // Counted, and logged at debug only: a flood of these must not become a flood of log lines.
      this.metrics.pendingLimit(decision.scope, 'refused');
      const error = new TooManyConnectionsError(decision.limit, decision.scope);
      this.log.debug('connection refused', { remote: connection.remote, ...error.details });
      connection.closeWithError(error.code, error.shortMessage, errorCodeName(error.code));
      return;
    }
    if (decision.kind === 'evict') {
      // A stranger from the busiest address makes room for one from a quieter address (issue 17, finding 3).
      const victim = decision.victim;
      this.metrics.pendingLimit('global', 'evicted');
      this.log.debug('pending connection evicted', {
        connection: victim.id,
        remote: victim.remote,
        forRemote: connection.remote,
      });
      const error = new TooManyConnectionsError(this.options.maxUnauthenticatedConnections, 'global', true);
      victim.closeWithError(error.code, error.shortMessage, 'pending_evicted');
    }
    this.pending.add(connection);
    connection.authDeadline = setTimeout(() => {
      if (connection.isAuthenticated) return;
      connection.closeWithError(ErrorCode.AuthTimeout, 'no authentication before the deadline', 'auth_timeout');
    }, this.options.authTimeoutMs);
    connection.authDeadline.unref();
  }

  /** Before a node is in, only its admission frame (once) and heartbeats (answered in onFrame) are allowed. */
  private beforeAdmission(connection: BrokerConnection, message: CdnMessage): void {
    switch (message.kind) {
      case FrameKind.Error:
        connection.destroy('peer_error');
        return;
      case FrameKind.Authenticate:
      case FrameKind.Permit:
        if (connection.admitting) throw new UnexpectedFrameError(message.kind, 'admitting');
        if (message.kind !== this.gate.admissionKind) {
          throw new WrongAdmissionFrameError(message.kind, this.gate.admissionKind);
        }
        this.authenticate(connection, message);
        return;
      default:
        throw new UnexpectedFrameError(message.kind, connection.admitting ? 'admitting' : 'unauthenticated');
    }
  }

  private authenticate(connection: BrokerConnection, message: AdmissionMessage): void {
    let admitted: AdmittedKey | Promise<AdmittedKey>;
    try {
      admitted = this.gate.admit(message, this.options.now());
    } catch (error) {
      if (error instanceof CdnProtocolError) throw error;
      this.admissionFailed(connection, error);
      return;
    }
    if (!(admitted instanceof Promise)) {
      this.admit(connection, admitted);
      return;
    }
    connection.admitting = true;
    admitted.then(
      (key) => {
        connection.admitting = false;
        if (!connection.closing) this.admit(connection, key);
        this.flushDirty();
      },
      (error: unknown) => {
        connection.admitting = false;
        if (connection.closing) return;
        if (error instanceof CdnProtocolError) this.onInputError(connection, error);
        else this.admissionFailed(connection, error);
        this.flushDirty();
      },
    );
  }

  private admissionFailed(connection: BrokerConnection, error: unknown): void {
    if (error instanceof RosterPersistError) {
      this.log.error('roster could not be stored; node refused', { error });
      connection.closeWithError(ErrorCode.Internal, 'broker could not store the roster', 'roster_persist_failed');
      return;
    }
    this.log.error('admission failed; node refused', { connection: connection.id, error });
    connection.closeWithError(ErrorCode.Internal, 'broker could not admit the node', 'admission_failed');
  }

  private admit(connection: BrokerConnection, admitted: AdmittedKey): void {
    clearTimeout(connection.authDeadline);
    this.pending.remove(connection);
    const previous = this.byKey.get(admitted.publicKey);
    if (previous !== undefined && previous !== connection) {
      previous.closeWithError(ErrorCode.Superseded, 'the same key connected again', 'superseded');
    }
    connection.authenticated(admitted.index, admitted.publicKey, admitted.epoch);
    this.byKey.set(admitted.publicKey, connection);
    this.router.join(connection);
    this.log.info(admitted.isNew ? 'node joined' : 'node reconnected', {
      index: admitted.index,
      publicKey: admitted.publicKey,
      joined: this.roster.size,
      expected: this.roster.expectedNodes,
    });
    connection.deliver(
      encodeFrame({
        kind: FrameKind.Authenticated,
        nodeIndex: admitted.index,
        joined: this.roster.size,
        expected: this.roster.expectedNodes,
        maxFrameBytes: this.options.maxFrameBytes,
      }),
    );
    if (this.welcomeTemplate !== undefined) this.sendWelcome(connection);
    else if (this.roster.isFull) this.startNetwork();
  }

  private startNetwork(): void {
    this.welcomeTemplate = new WelcomeTemplate(this.options.config, this.roster.stakeTable());
    this.log.info('network started', { nodes: this.roster.size, connected: this.byKey.size });
    for (const node of this.byKey.values()) this.sendWelcome(node);
  }

  private sendWelcome(connection: BrokerConnection): void {
    const { head, tail } = this.welcomeTemplate!.partsFor(connection.index);
    connection.deliverParts(FrameKind.Welcome, head, tail);
  }

  private sweep(): void {
    const now = this.options.now();
    const { heartbeatIntervalMs, heartbeatTimeoutMs } = this.options;
    for (const connection of this.connections) {
      if (connection.closing) continue;
      const idle = now - connection.lastReceivedAt;
      if (idle >= heartbeatTimeoutMs) {
        this.log.warn('heartbeat timeout', { connection: connection.id, index: connection.index, idleMs: idle });
        connection.closeWithError(
          ErrorCode.HeartbeatTimeout,
          'no frame within the heartbeat timeout',
          'heartbeat_timeout',
        );
      } else if (idle >= heartbeatIntervalMs / 2) {
        connection.deliver(PING_FRAME);
      }
    }
    this.flushDirty();
  }

  private flushDirty(): void {
    if (this.dirty.length === 0) return;
    const dirty = this.dirty;
    this.dirty = [];
    for (const connection of dirty) connection.flush();
  }
}

/**
 * Answers a Ping with a Pong and takes a Pong (any frame's arrival already counts as life for the sweep); false for
 * every other frame. Heartbeats are answered alike before admission and after, so one place answers them.
 */
function answerHeartbeat(connection: BrokerConnection, message: CdnMessage): boolean {
  if (message.kind === FrameKind.Ping) connection.deliver(PONG_FRAME);
  return message.kind === FrameKind.Ping || message.kind === FrameKind.Pong;
}
