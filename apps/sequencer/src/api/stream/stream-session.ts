import type { WebSocket } from 'ws';
import type { DecidedBlock } from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import { BaseError } from '@hotshot/protocol';
import { HeightPrunedError } from '../api-errors';
import { errorBody } from '../api-exception.filter';
import type { DecideFeed, StreamOptions } from '../api-ports';
import type { BlockSource } from '../availability-reader';
import type { StreamRequest } from './stream-request';

/** Why a stream ended. */
export type StreamEndReason =
  'closed' | 'slow-consumer' | 'stalled' | 'pruned' | 'failed' | 'shutdown' | 'unresponsive';

/** WebSocket close codes the streams use besides the standard ones (4000 + the HTTP status it stands for). */
export const CLOSE_PRUNED = 4410;
/**
 * Close code of a stream cut off because its client did not read: 1008 (policy violation), with a reason that
 * says so. The close frame queues behind the unread data, so the connection is also cut after a short grace.
 */
export const CLOSE_SLOW_CONSUMER = 1008;
const CLOSE_GOING_AWAY = 1001;
const CLOSE_INTERNAL_ERROR = 1011;

/** What a session reads and how it renders. */
export interface StreamSessionDeps {
  /** The stored blocks (genesis included) and the earliest height they continue from. */
  readonly store: BlockSource;
  readonly feed: DecideFeed;
  readonly options: StreamOptions;
  readonly log: Logger;
  /** The message for one block, as UTF-8 JSON (shared by every subscriber: never modified). */
  readonly render: (request: StreamRequest, block: DecidedBlock) => Buffer;
}

/** The store skipped a height it should hold (heights are contiguous from the earliest to the latest). */
export class StoreGapError extends BaseError {
  override name = 'StoreGapError';
  constructor(expected: number, got: number) {
    super('the availability store skipped a height', { details: { expected, got } });
  }
}

const heightOf = (block: DecidedBlock) => block.leaf.header.height;

/**
 * One client's stream: every height from `request.from` on, exactly once and in order.
 *
 * It subscribes to live decides first, then reads history from the store page by page ('history'); live blocks
 * that arrive meanwhile wait in `pending` (bounded: past the bound they are dropped and re-read from the store,
 * which holds everything the feed delivered). When the store has nothing more, the pending blocks are sent and
 * the session goes 'live'. Only the block at `next` is ever sent, so a replayed height is skipped and a gap
 * sends the session back to the store. Back-pressure: history waits for the socket to drain (a client that
 * does not drain within `stallTimeoutMs` is dropped); live, a client with more than `maxBufferedBytes` unsent
 * is dropped at once, so memory per client stays bounded.
 */
export class StreamSession {
  private next: number;
  private mode: 'history' | 'live' | 'ended' = 'history';
  private reading = false;
  private pending: DecidedBlock[] = [];
  private pendingOverflowed = false;
  private unsubscribe: () => void = () => undefined;
  private lastFlush: Promise<void> = Promise.resolve();
  private alive = true;
  private readonly ended: Promise<void>;
  private signalEnded: () => void = () => undefined;

  constructor(
    private readonly socket: WebSocket,
    readonly request: StreamRequest,
    private readonly deps: StreamSessionDeps,
    private readonly onEnd: (session: StreamSession, reason: StreamEndReason) => void,
  ) {
    this.next = request.from;
    this.ended = new Promise((resolve) => (this.signalEnded = resolve));
  }

  /** Subscribes to live decides, then starts reading history. */
  start(): void {
    this.socket.on('close', () => this.end('closed'));
    // 'close' follows every socket error; the error itself is the client's business.
    this.socket.on('error', () => undefined);
    this.socket.on('pong', () => (this.alive = true));
    this.unsubscribe = this.deps.feed.subscribe((blocks) => this.onDecided(blocks));
    this.startCatchUp();
  }

  /** Pings the client; false (and the client dropped) when it did not answer the previous ping. */
  heartbeat(): boolean {
    if (!this.alive) {
      this.drop('unresponsive');
      return false;
    }
    this.alive = false;
    this.socket.ping();
    return true;
  }

  /** Closes the stream with 1001 (going away), for shutdown. */
  close(): void {
    if (this.mode === 'ended') return;
    this.end('shutdown');
    this.socket.close(CLOSE_GOING_AWAY, 'server shutting down');
  }

  /** Ends the connection at once, without a closing handshake. */
  terminate(): void {
    this.socket.terminate();
  }

  /** Resolves once the session has ended. */
  whenEnded(): Promise<void> {
    return this.ended;
  }

  private onDecided(blocks: readonly DecidedBlock[]): void {
    // The feed calls listeners synchronously and must not see a throw (rendering a block could).
    if (this.mode === 'live') {
      try {
        this.deliverLive(blocks);
      } catch (error) {
        this.fail(error);
      }
      return;
    }
    if (this.mode !== 'history') return;
    for (const block of blocks) if (heightOf(block) >= this.next) this.pending.push(block);
    if (this.pending.length > this.deps.options.maxPendingBlocks) {
      this.pending = [];
      this.pendingOverflowed = true;
    }
  }

  private deliverLive(blocks: readonly DecidedBlock[]): void {
    for (const block of blocks) {
      if (this.mode !== 'live') return;
      const height = heightOf(block);
      if (height < this.next) continue;
      if (height > this.next) return this.startCatchUp();
      if (this.socket.bufferedAmount > this.deps.options.maxBufferedBytes) return this.drop('slow-consumer');
      this.send(block);
    }
  }

  private startCatchUp(): void {
    this.mode = 'history';
    if (!this.reading) void this.catchUp();
  }

  private async catchUp(): Promise<void> {
    this.reading = true;
    const { store, options } = this.deps;
    try {
      while (this.mode === 'history') {
        const page = await store.getBlocks(this.next, this.next + options.historyPageSize, options.historyPageSize);
        if (this.mode !== 'history') break;
        if (page.length === 0) {
          await this.reachedStoreEnd();
          continue;
        }
        for (const block of page) {
          // Heights are contiguous in the store; one above `next` means pruning passed this reader.
          if (heightOf(block) !== this.next) {
            if (!(await this.endIfPruned())) this.fail(new StoreGapError(this.next, heightOf(block)));
            return;
          }
          if (!(await this.sendPaced(block))) return;
        }
      }
    } catch (error) {
      this.fail(error);
    } finally {
      this.reading = false;
    }
  }

  /** History is exhausted: hand over to live, starting with what the feed delivered meanwhile. */
  private async reachedStoreEnd(): Promise<void> {
    if (await this.endIfPruned()) return;
    if (this.mode !== 'history') return;
    if (this.pendingOverflowed) {
      // Some live blocks were let go; they are in the store by now, so read again.
      this.pendingOverflowed = false;
      this.pending = [];
      return;
    }
    const pending = this.pending;
    this.pending = [];
    this.mode = 'live';
    this.deliverLive(pending);
  }

  /** Sends one history block once the socket has drained below half the bound; false when the session ended. */
  private async sendPaced(block: DecidedBlock): Promise<boolean> {
    if (this.socket.bufferedAmount > this.deps.options.maxBufferedBytes / 2) {
      const drained = await this.waitForFlush(this.deps.options.stallTimeoutMs);
      if (this.mode === 'ended') return false;
      if (!drained) {
        this.drop('stalled');
        return false;
      }
    }
    if (this.mode === 'ended') return false;
    this.send(block);
    return true;
  }

  private send(block: DecidedBlock): void {
    const message = this.deps.render(this.request, block);
    this.next = heightOf(block) + 1;
    this.lastFlush = new Promise((resolve) => this.socket.send(message, { binary: false }, () => resolve()));
  }

  /** Whether everything sent so far reached the kernel within `timeoutMs` (or the session ended). */
  private async waitForFlush(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.lastFlush.then(() => true), this.ended.then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the stream with an error message and close code 4410 when `next` fell below the earliest height. */
  private async endIfPruned(): Promise<boolean> {
    const earliest = await this.deps.store.earliestHeight();
    if (this.mode === 'ended') return true;
    if (earliest === undefined || this.next >= earliest) return false;
    const error = new HeightPrunedError(this.next, earliest);
    this.socket.send(JSON.stringify(errorBody(error)));
    this.socket.close(CLOSE_PRUNED, 'pruned');
    this.end('pruned');
    return true;
  }

  private fail(error: unknown): void {
    if (this.mode === 'ended') return;
    this.deps.log.error('stream failed', { error, kind: this.request.kind, next: this.next });
    this.socket.send(JSON.stringify(errorBody(error)));
    this.socket.close(CLOSE_INTERNAL_ERROR, 'internal error');
    this.end('failed');
  }

  private drop(reason: StreamEndReason): void {
    if (this.mode === 'ended') return;
    const bufferedBytes = this.socket.bufferedAmount;
    this.deps.log.info('stream client dropped', { reason, kind: this.request.kind, next: this.next, bufferedBytes });
    if (reason === 'unresponsive') {
      // It answers no ping: a close frame would reach no one.
      this.socket.terminate();
    } else {
      // The close frame says why to a client that reads again soon; one that does not is cut off after a grace,
      // which frees what it left unread.
      const limit = this.deps.options.maxBufferedBytes;
      this.socket.close(CLOSE_SLOW_CONSUMER, `slow consumer: more than ${limit} bytes unread`);
      setTimeout(() => this.socket.terminate(), this.deps.options.slowConsumerGraceMs).unref();
    }
    this.end(reason);
  }

  private end(reason: StreamEndReason): void {
    if (this.mode === 'ended') return;
    this.mode = 'ended';
    this.unsubscribe();
    this.pending = [];
    this.signalEnded();
    this.onEnd(this, reason);
  }
}
