import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  Inject,
  Injectable,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Registry } from 'prom-client';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DecidedBlock } from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import {
  BadRequestError,
  NotFoundError,
  NotReadyError,
  TooManyClientStreamsError,
  TooManyStreamsError,
} from '../api-errors';
import { errorBody, errorHeaders, errorStatus } from '../api-exception.filter';
import {
  API_LOGGER,
  DECIDE_FEED,
  DEFAULT_STREAM_OPTIONS,
  METRICS_REGISTRY,
  STREAM_OPTIONS,
  type DecideFeed,
  type StreamOptions,
} from '../api-ports';
import { AvailabilityReader } from '../availability-reader';
import { streamMessage } from './stream-message';
import { StreamMetrics } from './stream-metrics';
import { isStreamPath, parseStreamRequest, type StreamRequest } from './stream-request';
import { StreamSession, type StreamEndReason } from './stream-session';

/** Rendered messages kept so that a live block is serialized once for all its subscribers. */
const RENDER_CACHE_ENTRIES = 64;
/** How long shutdown waits for clients to answer the close frame before cutting them off, in ms. */
const SHUTDOWN_GRACE_MS = 1000;
const WEBSOCKET_KEY = /^[A-Za-z0-9+/]{22}==$/;

/**
 * Serves the WebSocket streams (`/v0/availability/stream/{blocks,headers,leaves,transactions}/:from`, blocks and
 * transactions also with `/namespace/N` or `?namespace=N`) on
 * the API's HTTP server: it answers every upgrade request, refusing bad ones with the API's JSON errors (400,
 * 404, 410, 429 when the client address holds `maxConnectionsPerClient` streams, 503 when the node holds
 * `maxConnections`) before the handshake, and runs one StreamSession per accepted client.
 */
@Injectable()
export class BlockStreamServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly options: StreamOptions;
  private readonly wss = new WebSocketServer({
    noServer: true,
    // Clients have nothing to say: a large frame from one is refused by ws with 1009.
    maxPayload: 1024,
    perMessageDeflate: false,
    clientTracking: false,
  });
  private readonly sessions = new Set<StreamSession>();
  /** Streams open or being opened, by client address. */
  private readonly perClient = new Map<string, number>();
  private readonly rendered = new Map<string, Buffer>();
  private readonly metrics: StreamMetrics;
  private server?: Server;
  private heartbeat?: NodeJS.Timeout;
  private handshakes = 0;
  private closing = false;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(AvailabilityReader) private readonly reader: AvailabilityReader,
    @Inject(DECIDE_FEED) private readonly feed: DecideFeed,
    @Inject(API_LOGGER) private readonly log: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Optional() @Inject(STREAM_OPTIONS) options?: Partial<StreamOptions>,
  ) {
    this.options = { ...DEFAULT_STREAM_OPTIONS, ...options };
    this.metrics = new StreamMetrics(registry);
  }

  /** Streams open now. */
  get openStreams(): number {
    return this.sessions.size;
  }

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.server.on('upgrade', this.onUpgrade);
    if (this.options.heartbeatMs > 0) {
      this.heartbeat = setInterval(() => this.sessions.forEach((s) => s.heartbeat()), this.options.heartbeatMs);
      this.heartbeat.unref();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.server?.off('upgrade', this.onUpgrade);
    clearInterval(this.heartbeat);
    const sessions = [...this.sessions];
    sessions.forEach((session) => session.close());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(sessions.map((session) => session.whenEnded())),
      new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS))),
    ]);
    clearTimeout(timer);
    // Whoever has not finished the closing handshake would hold the HTTP server open.
    sessions.forEach((session) => session.terminate());
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A client that resets mid-handshake must not take the process with it.
    socket.on('error', () => socket.destroy());
    void this.handshake(req, socket, head);
  };

  private async handshake(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const client = req.socket.remoteAddress ?? 'unknown';
    // The slot is taken for the handshake and handed to the session, or given back when the handshake fails.
    this.handshakes++;
    this.perClient.set(client, (this.perClient.get(client) ?? 0) + 1);
    let opened = false;
    try {
      const request = this.checkUpgrade(req);
      if (this.perClient.get(client)! > this.options.maxConnectionsPerClient) {
        throw new TooManyClientStreamsError(this.options.maxConnectionsPerClient);
      }
      if (this.sessions.size + this.handshakes > this.options.maxConnections) {
        throw new TooManyStreamsError(this.options.maxConnections);
      }
      await this.reader.assertNotPruned(request.from);
      if (this.closing) throw new NotReadyError('the node is shutting down');
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        opened = true;
        this.open(ws, request, client);
      });
    } catch (error) {
      this.refuse(socket, error);
    } finally {
      this.handshakes--;
      if (!opened) this.release(client);
    }
  }

  private release(client: string): void {
    const count = (this.perClient.get(client) ?? 1) - 1;
    if (count > 0) this.perClient.set(client, count);
    else this.perClient.delete(client);
  }

  /** Checks what ws would otherwise refuse with a non-JSON body, and parses the stream request. */
  private checkUpgrade(req: IncomingMessage): StreamRequest {
    const path = (req.url ?? '').split('?')[0]!;
    if (!isStreamPath(path)) throw new NotFoundError('no WebSocket endpoint at this path', { path });
    if (req.method !== 'GET') throw new BadRequestError('a stream is opened with GET', { field: 'method' });
    if (req.headers.upgrade?.toLowerCase() !== 'websocket') {
      throw new BadRequestError('only WebSocket upgrades are served', { field: 'upgrade' });
    }
    const version = req.headers['sec-websocket-version'];
    if (version !== '13' && version !== '8') {
      throw new BadRequestError('Sec-WebSocket-Version must be 13', { field: 'sec-websocket-version' });
    }
    if (!WEBSOCKET_KEY.test(req.headers['sec-websocket-key'] ?? '')) {
      throw new BadRequestError('Sec-WebSocket-Key must be 16 bytes in base64', { field: 'sec-websocket-key' });
    }
    return parseStreamRequest(req.url ?? '');
  }

  private open(ws: WebSocket, request: StreamRequest, client: string): void {
    const session = new StreamSession(
      ws,
      request,
      {
        store: this.reader.blockSource,
        feed: this.feed,
        options: this.options,
        log: this.log,
        render: (r, block) => this.render(r, block),
      },
      (ended, reason) => this.onEnded(ended, reason, client),
    );
    this.sessions.add(session);
    this.metrics.open.set(this.sessions.size);
    this.log.debug('stream opened', { ...request, client, streams: this.sessions.size });
    session.start();
  }

  private onEnded(session: StreamSession, reason: StreamEndReason, client: string): void {
    this.sessions.delete(session);
    this.release(client);
    this.metrics.open.set(this.sessions.size);
    if (reason === 'slow-consumer' || reason === 'stalled' || reason === 'unresponsive') {
      this.metrics.dropped.inc({ reason: reason.replace('-', '_') });
    }
    this.log.debug('stream ended', { ...session.request, reason, client, streams: this.sessions.size });
  }

  /** Answers a refused upgrade with the API's JSON error and closes the connection. */
  private refuse(socket: Duplex, error: unknown): void {
    const status = errorStatus(error);
    this.metrics.refused.inc({ reason: refusalReason(error, status) });
    if (status === 500) this.log.error('stream handshake failed', { error });
    if (!socket.writable) return void socket.destroy();
    const body = JSON.stringify(errorBody(error));
    const headers = Object.entries(errorHeaders(error)).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        headers.join('') +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }

  /**
   * A block's message, cached by what it depends on (a payload attached later renders anew). The same bytes go
   * to every subscriber: ws queues a reference, not a copy, so many slow readers of one block share its memory.
   */
  private render(request: StreamRequest, block: DecidedBlock): Buffer {
    const key = `${request.kind}|${request.namespace ?? ''}|${block.leafCommitment}|${block.payload ? 1 : 0}`;
    let text = this.rendered.get(key);
    if (text === undefined) {
      text = Buffer.from(streamMessage(request, block));
      if (this.rendered.size >= RENDER_CACHE_ENTRIES) this.rendered.delete(this.rendered.keys().next().value!);
      this.rendered.set(key, text);
    }
    return text;
  }
}

/** The metric label of a refused handshake: capacity refusals by which bound, others by their kind. */
function refusalReason(error: unknown, status: number): string {
  if (error instanceof TooManyClientStreamsError) return 'client_limit';
  if (error instanceof TooManyStreamsError) return 'node_limit';
  if (error instanceof NotReadyError) return 'shutting_down';
  if (status === 410) return 'pruned';
  return status < 500 ? 'bad_request' : 'failed';
}
