import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { backoffDelay, type Logger, silentLogger } from '@hotshot/telemetry';
import { createAuthenticate, createRemoteAuthenticate, type CdnAuthSigner } from '../auth/authentication';
import {
  BROADCAST_PAYLOAD_OFFSET,
  DIRECT_PAYLOAD_OFFSET,
  encodeBroadcast,
  encodeDirect,
  encodeFrame,
  topicMask,
} from '../wire/frame-codec';
import { parseEndpoint } from '../wire/endpoint';
import { LENGTH_PREFIX_BYTES } from '../wire/frame-decoder';
import { FrameKind, MAX_TOPIC, errorCodeName, type Topic } from '../wire/frame-kind';
import type { AuthenticatedMessage, CdnMessage } from '../wire/messages';
import { UnexpectedFrameError } from '../wire/wire-errors';
import {
  CdnClientAlreadyStartedError,
  CdnClientStoppedError,
  MessageTooLargeError,
  UnknownRecipientError,
} from './client-errors';
import { resolveClientOptions, type CdnClientOptions, type ResolvedClientOptions } from './client-options';
import { ClientSession } from './client-session';
import { connectSocket } from './connect-socket';
import { DeliveryStream, type CdnDelivery } from './delivery-stream';
import { OutboundQueue } from './outbound-queue';
import type { CdnClientEvents, CdnClientState, CdnClientStats, Welcome } from './client-types';

export type { CdnClientEvents, CdnClientState, CdnClientStats, Welcome } from './client-types';

/** The broker a marshal sent this node to, with the permit to present there. */
interface Redirect {
  readonly host: string;
  readonly port: number;
  readonly endpoint: string;
  readonly permit: Uint8Array;
}

/** How one connection ended. */
interface SessionOutcome {
  readonly authenticated: boolean;
  readonly reason: string;
  /** Set when a marshal answered with a Redirect: the next connection goes there at once. */
  readonly redirect?: Redirect;
}

/**
 * The sequencer's connection to the CDN: connects, authenticates with the node's BLS key, waits for Welcome, sends
 * broadcasts and direct messages and delivers the ones for this node. When the connection drops, it reconnects
 * with capped exponential back-off and jitter, authenticates again and subscribes again; meanwhile outgoing frames
 * wait in a bounded queue (oldest dropped, counted). An AbortSignal stops it.
 *
 * The URL may name a single broker or the scale-out's marshal: a marshal answers Authenticate with a Redirect, and
 * the client takes the permit to the broker named there. When that connection ends, the next attempt starts at the
 * URL again, so a node whose broker died lands, through the marshal, on a live one.
 */
export class CdnClient extends EventEmitter<CdnClientEvents> {
  private readonly options: ResolvedClientOptions;
  private readonly log: Logger;
  private readonly queue: OutboundQueue;
  private readonly streams = new Set<DeliveryStream>();
  private topics: number;
  private session: ClientSession | undefined;
  private sessionReady = false;
  private paused = false;
  private currentState: CdnClientState = 'idle';
  private lastWelcome: Welcome | undefined;
  private welcomeWaiters: { resolve: (w: Welcome) => void; reject: (e: Error) => void }[] = [];
  private lastAuthTimestamp = 0;
  /** The broker's frame limit, learnt from Authenticated; frames above it are refused before they leave. */
  private brokerMaxFrameBytes = Infinity;
  private stoppedPromise: Promise<void> | undefined;
  /** Wakes whatever the run loop waits on (connect, session, back-off) when the signal aborts. */
  private wake: (() => void) | undefined;
  private readonly counters = { connects: 0, disconnects: 0, framesSent: 0, framesReceived: 0 };

  constructor(options: CdnClientOptions) {
    super();
    this.options = resolveClientOptions(options);
    this.log = (options.logger ?? silentLogger).child({ module: 'cdn-client' });
    this.queue = new OutboundQueue(this.options.maxQueuedFrames, this.options.maxQueuedBytes);
    this.topics = this.options.topics.length === 0 ? 0 : topicMask(this.options.topics);
  }

  /** The current state. */
  get state(): CdnClientState {
    return this.currentState;
  }

  /** The last Welcome received, if any. */
  get welcomeInfo(): Welcome | undefined {
    return this.lastWelcome;
  }

  /** Counters since start. */
  get stats(): CdnClientStats {
    return { ...this.counters, droppedWhileDisconnected: this.queue.dropped };
  }

  /** Bytes waiting to go out: queued while disconnected, or buffered in the socket. */
  get bufferedBytes(): number {
    return this.queue.byteLength + (this.session?.bufferedBytes ?? 0);
  }

  /** Starts connecting and keeps the connection up until `signal` aborts. */
  start(signal: AbortSignal): void {
    if (this.stoppedPromise) throw new CdnClientAlreadyStartedError();
    this.stoppedPromise = this.run(signal);
  }

  /** Resolves once the client has stopped after its signal aborted. */
  whenStopped(): Promise<void> {
    return this.stoppedPromise ?? Promise.resolve();
  }

  /** Resolves with the Welcome (at once if one arrived already); rejects with CdnClientStoppedError on stop. */
  welcome(): Promise<Welcome> {
    if (this.lastWelcome) return Promise.resolve(this.lastWelcome);
    if (this.currentState === 'stopped') return Promise.reject(new CdnClientStoppedError('Welcome'));
    return new Promise((resolve, reject) => this.welcomeWaiters.push({ resolve, reject }));
  }

  /** Sends `bytes` to every subscriber of `topics` (one topic or several) but this node. */
  broadcast(topics: Topic | readonly Topic[], bytes: Uint8Array): void {
    this.checkSize(BROADCAST_PAYLOAD_OFFSET + bytes.length);
    const mask = typeof topics === 'number' && topics >= 0 && topics <= MAX_TOPIC ? 1 << topics : topicMask(topics);
    if (this.currentState === 'stopped') return;
    if (this.sessionReady && this.session) {
      this.session.sendBroadcast(mask >>> 0, bytes);
      this.counters.framesSent++;
    } else {
      this.queue.push(encodeBroadcast(mask >>> 0, bytes));
    }
  }

  /** Sends `bytes` to one node, by public key or by stake-table index (the latter needs Welcome). */
  sendDirect(recipient: Uint8Array | number, bytes: Uint8Array): void {
    let key: Uint8Array;
    if (typeof recipient === 'number') {
      const table = this.lastWelcome?.stakeTable;
      const entry = table?.[recipient];
      if (entry === undefined) throw new UnknownRecipientError(recipient, table?.length);
      key = entry.publicKey;
    } else {
      key = recipient;
    }
    this.checkSize(DIRECT_PAYLOAD_OFFSET + bytes.length);
    this.send(encodeDirect(key, bytes));
  }

  /** Adds topics; remembered across reconnections. */
  subscribe(topics: Topic | readonly Topic[]): void {
    const mask = topicMask(topics);
    this.topics = (this.topics | mask) >>> 0;
    if (this.sessionReady) this.session?.send(encodeFrame({ kind: FrameKind.Subscribe, topics: mask }));
  }

  /** Removes topics; remembered across reconnections. */
  unsubscribe(topics: Topic | readonly Topic[]): void {
    const mask = topicMask(topics);
    this.topics = (this.topics & ~mask) >>> 0;
    if (this.sessionReady) this.session?.send(encodeFrame({ kind: FrameKind.Unsubscribe, topics: mask }));
  }

  /** Resolves when the socket can take more (for producers that send in bulk). */
  whenDrained(): Promise<void> {
    return this.sessionReady && this.session ? this.session.whenDrained() : Promise.resolve();
  }

  /**
   * An async iterator over deliveries from now on. Reading from the broker pauses while this stream holds
   * `highWaterMark` undelivered items; leave the loop (or call `return`) to detach it. Ends when the client stops.
   */
  messages(highWaterMark = this.options.inboxHighWaterMark): AsyncIterableIterator<CdnDelivery> {
    const stream = new DeliveryStream(highWaterMark, this.maybeResume, (s) => {
      this.streams.delete(s);
      this.maybeResume();
    });
    if (this.currentState === 'stopped') stream.end();
    else this.streams.add(stream);
    return stream;
  }

  /** Throws MessageTooLargeError for a frame the broker would refuse (and disconnect this node for). */
  private checkSize(frameBytes: number): void {
    if (frameBytes - LENGTH_PREFIX_BYTES > this.brokerMaxFrameBytes) {
      throw new MessageTooLargeError(frameBytes, this.brokerMaxFrameBytes);
    }
  }

  private send(frame: Uint8Array): void {
    if (this.currentState === 'stopped') return;
    if (this.sessionReady && this.session) {
      this.session.send(frame);
      this.counters.framesSent++;
    } else {
      this.queue.push(frame);
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    // One listener for the client's whole life, however many connections it makes.
    signal.addEventListener('abort', () => this.wake?.(), { once: true });
    let attempt = 0;
    let redirect: Redirect | undefined;
    while (!signal.aborted) {
      const outcome = await this.runSession(signal, redirect);
      if (signal.aborted) break;
      redirect = outcome.redirect;
      // A permit is short-lived: go to the broker at once.
      if (redirect !== undefined) continue;
      if (outcome.authenticated) attempt = 0;
      const retryInMs = backoffDelay(attempt++, this.options.reconnect, this.options.random);
      this.counters.disconnects++;
      this.setState('disconnected');
      this.log.warn('disconnected from the CDN', { reason: outcome.reason, retryInMs });
      this.emit('disconnected', { reason: outcome.reason, retryInMs });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, retryInMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = undefined;
    }
    this.setState('stopped');
    for (const waiter of this.welcomeWaiters) waiter.reject(new CdnClientStoppedError('Welcome'));
    this.welcomeWaiters = [];
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  /** One connection, from connect to close (to the URL, or to the broker of `redirect`); resolves with how it ended. */
  private async runSession(signal: AbortSignal, redirect: Redirect | undefined): Promise<SessionOutcome> {
    this.setState('connecting');
    let socket: Socket;
    try {
      socket = await connectSocket(
        redirect?.host ?? this.options.host,
        redirect?.port ?? this.options.port,
        this.options.connectTimeoutMs,
        signal,
        (wake) => (this.wake = wake),
      );
    } catch (error) {
      return { authenticated: false, reason: signal.aborted ? 'stopped' : `connect_failed: ${String(error)}` };
    }
    this.counters.connects++;
    let authenticated = false;
    let next: Redirect | undefined;
    if (signal.aborted) {
      socket.destroy();
      return { authenticated: false, reason: 'stopped' };
    }
    return new Promise((resolve) => {
      const session = new ClientSession(socket, this.options, {
        onDelivery: (delivery) => this.deliver(delivery),
        onMessage: (message) => {
          if (message.kind === FrameKind.Redirect) {
            // Only the URL's server may redirect: a broker that redirects again is broken or hostile.
            if (redirect !== undefined) throw new UnexpectedFrameError(message.kind, 'redirected');
            const { host, port } = parseEndpoint(message.endpoint);
            next = { host, port, endpoint: message.endpoint, permit: message.permit.slice() };
            this.log.info('redirected to a broker', { endpoint: message.endpoint });
            this.emit('redirected', { endpoint: message.endpoint });
            session.close('redirected');
            return;
          }
          if (message.kind === FrameKind.Authenticated) authenticated = true;
          this.onMessage(session, message);
        },
        onClose: (reason, error) => {
          this.wake = undefined;
          if (this.session === session) {
            this.session = undefined;
            this.sessionReady = false;
            this.paused = false;
          }
          resolve({
            authenticated,
            reason: error instanceof Error ? `${reason}: ${error.message}` : reason,
            redirect: next,
          });
        },
      });
      this.session = session;
      this.wake = () => session.close('stopped');
      this.setState('authenticating');
      if (redirect !== undefined) {
        session.send(encodeFrame({ kind: FrameKind.Permit, permit: redirect.permit }));
        return;
      }
      // Strictly increasing timestamps: the broker refuses a timestamp it has already seen for this key.
      const timestamp = Math.max(this.options.now(), this.lastAuthTimestamp + 1);
      this.lastAuthTimestamp = timestamp;
      const key = this.options.keyPair;
      if ('secretKey' in key) session.send(encodeFrame(createAuthenticate(key, timestamp)));
      else void this.authenticateRemotely(session, key, timestamp);
    });
  }

  /**
   * Sends an Authenticate signed by a remote signer; the session may have closed while it signed. Without a
   * signature the connection is closed, and the usual back-off retries it.
   */
  private async authenticateRemotely(session: ClientSession, key: CdnAuthSigner, timestamp: number): Promise<void> {
    const message = await createRemoteAuthenticate(key, timestamp);
    if (this.session !== session) return;
    if (message) session.send(encodeFrame(message));
    else session.close('auth_unsigned');
  }

  /** Frames other than deliveries and heartbeats (the session handles those). */
  private onMessage(session: ClientSession, message: CdnMessage): void {
    switch (message.kind) {
      case FrameKind.Authenticated:
        this.onAuthenticated(session, message);
        return;
      case FrameKind.Welcome: {
        const welcome = { nodeIndex: message.nodeIndex, config: message.config, stakeTable: message.stakeTable };
        if (this.lastWelcome && this.lastWelcome.nodeIndex !== welcome.nodeIndex) {
          this.log.error('the broker changed this node index', {
            previous: this.lastWelcome.nodeIndex,
            now: welcome.nodeIndex,
          });
        }
        this.lastWelcome = welcome;
        this.setState('ready');
        for (const waiter of this.welcomeWaiters) waiter.resolve(welcome);
        this.welcomeWaiters = [];
        this.emit('welcome', welcome);
        return;
      }
      case FrameKind.Error: {
        const refusal = { code: message.code, reason: errorCodeName(message.code), message: message.message };
        this.log.warn('the CDN refused this node', refusal);
        this.emit('refused', refusal);
        session.fail(`refused_${refusal.reason}`);
        return;
      }
      default:
        throw new UnexpectedFrameError(message.kind, this.currentState);
    }
  }

  private onAuthenticated(session: ClientSession, message: AuthenticatedMessage): void {
    const { nodeIndex, joined, expected, maxFrameBytes } = message;
    // The broker forwards no frame above its own limit, so that limit is the one to accept.
    this.brokerMaxFrameBytes = maxFrameBytes;
    session.setMaxFrameBytes(Math.max(maxFrameBytes, this.options.maxFrameBytes));
    // With a full roster, Welcome follows at once and moves the state to ready.
    if (joined < expected) this.setState('waiting');
    this.log.info('authenticated to the CDN', { nodeIndex, joined, expected });
    // The broker subscribes every node to the global topic; adjust to what this node wants.
    const global = 1;
    if (this.topics !== global) {
      const extra = this.topics & ~global;
      if (extra !== 0) session.send(encodeFrame({ kind: FrameKind.Subscribe, topics: extra >>> 0 }));
      if ((this.topics & global) === 0) session.send(encodeFrame({ kind: FrameKind.Unsubscribe, topics: global }));
    }
    this.sessionReady = true;
    const queued = this.queue.drain();
    for (const frame of queued) session.send(frame);
    this.counters.framesSent += queued.length;
    this.emit('authenticated', { nodeIndex, joined, expected, maxFrameBytes });
  }

  private deliver(delivery: CdnDelivery): void {
    this.counters.framesReceived++;
    this.emit('message', delivery);
    for (const stream of this.streams) {
      stream.push(delivery);
      if (!this.paused && stream.length >= stream.highWaterMark) {
        this.paused = true;
        this.session?.pause();
      }
    }
  }

  private readonly maybeResume = (): void => {
    if (!this.paused) return;
    for (const stream of this.streams) if (stream.length > stream.highWaterMark / 2) return;
    this.paused = false;
    this.session?.resume();
  };

  private setState(state: CdnClientState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.emit('state', state);
  }
}
