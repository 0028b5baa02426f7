import { WebSocket } from 'ws';
import { Backoff, sleep, type Logger } from '@hotshot/telemetry';
import { BaseError, jsonSchema } from '@hotshot/protocol';
import { namespaceBlockFromJson, type NamespaceBlock } from '../json/decode';
import { ErrorSchema } from '../schemas/status.schema';
import type { SequencerApiClient } from './sequencer-api-client';

/** How a NamespaceFollower follows. */
export interface NamespaceFollowerOptions {
  readonly api: SequencerApiClient;
  readonly namespace: number;
  /** First height to deliver. */
  readonly from: number;
  readonly log: Logger;
  /** Blocks held for the consumer; past it the stream is closed and reopened once the consumer takes half. */
  readonly maxBuffered?: number;
  /** A stream silent this long is presumed dead and reopened; default 30,000 ms. */
  readonly idleTimeoutMs?: number;
  /** Polling period when the node serves no streams; default 500 ms. */
  readonly pollIntervalMs?: number;
}

/** The last message of a stream the node ends: the API's error body. */
const streamEnd = jsonSchema(ErrorSchema);

/** The stream ended or sent something this follower cannot use; it reconnects from the next height. */
class StreamInterruptedError extends BaseError {
  override name = 'StreamInterruptedError';
  constructor(reason: string, details: Record<string, unknown> = {}) {
    super(`block stream interrupted: ${reason}`, { details });
  }
}

/**
 * Follows one namespace of the decided chain from a height: the WebSocket block stream with the namespace filter
 * (`/v0/availability/stream/blocks/:from?namespace=N`), or polling the namespace endpoint when the node serves no
 * streams. Every block is verified against its header before it is delivered; delivery is in height order without
 * gaps or repeats. It reconnects with back-off from the next height after any interruption (a node restart, a
 * block whose payload the node lacks, a message that does not verify), and bounds what it buffers.
 */
export class NamespaceFollower {
  private next: number;
  private buffer: NamespaceBlock[] = [];
  private readonly maxBuffered: number;
  private generation = 0;
  private socket?: WebSocket;
  private mode: 'stream' | 'poll' = 'stream';
  private readonly waiters = new Set<() => void>();
  private readonly drainWaiters = new Set<() => void>();
  private running?: Promise<void>;

  constructor(private readonly options: NamespaceFollowerOptions) {
    this.next = options.from;
    this.maxBuffered = options.maxBuffered ?? 1000;
  }

  /** Starts following until `signal` aborts. */
  start(signal: AbortSignal): void {
    signal.addEventListener('abort', () => this.interrupt(), { once: true });
    this.running = this.loop(signal);
  }

  /** Resolves once the follower has stopped (after its signal aborted). */
  async stopped(): Promise<void> {
    await this.running;
  }

  /** Removes and returns up to `max` buffered blocks, lowest height first. */
  take(max = Infinity): NamespaceBlock[] {
    const taken = this.buffer.splice(0, max);
    if (this.buffer.length <= this.maxBuffered / 2) this.wake(this.drainWaiters);
    return taken;
  }

  /** Blocks buffered, lowest height first, without taking them. */
  peek(): readonly NamespaceBlock[] {
    return this.buffer;
  }

  /** Resolves when a block is buffered, after `timeoutMs`, or when `signal` aborts. */
  async waitForBlock(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.buffer.length > 0) return;
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    this.waiters.add(wake);
    await Promise.race([woken, sleep(timeoutMs, signal)]);
    this.waiters.delete(wake);
  }

  /** Drops what is buffered and follows again from `height` (when L1 shows another next height than expected). */
  restartFrom(height: number): void {
    this.options.log.info('following from another height', { from: height, was: this.buffer[0]?.height ?? this.next });
    this.next = height;
    this.buffer = [];
    this.interrupt();
    this.wake(this.drainWaiters);
  }

  private interrupt(): void {
    this.generation += 1;
    this.socket?.terminate();
    this.socket = undefined;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff({ initialDelayMs: 250, maxDelayMs: 10_000 });
    while (!signal.aborted) {
      if (this.buffer.length >= this.maxBuffered) {
        await this.waitForDrain(signal);
        continue;
      }
      const generation = this.generation;
      const before = this.next;
      try {
        if (this.mode === 'stream') await this.streamOnce(generation);
        else await this.pollOnce(generation, signal);
      } catch (error) {
        if (signal.aborted) break;
        if (generation === this.generation) {
          this.options.log.warn('block stream interrupted', {
            next: this.next,
            mode: this.mode,
            ...errorFields(error),
          });
        }
      }
      if (this.next > before) backoff.reset();
      if (generation === this.generation && this.buffer.length < this.maxBuffered) await sleep(backoff.next(), signal);
    }
  }

  private async waitForDrain(signal: AbortSignal): Promise<void> {
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    this.drainWaiters.add(wake);
    await Promise.race([woken, sleep(1000, signal)]);
    this.drainWaiters.delete(wake);
  }

  /** One WebSocket connection, until it ends, errs or the buffer fills. */
  private streamOnce(generation: number): Promise<void> {
    const url = new URL(`/v0/availability/stream/blocks/${this.next}`, this.options.api.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('namespace', String(this.options.namespace));
    return new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(url);
      this.socket = socket;
      let idle: NodeJS.Timeout | undefined;
      const armIdle = (): void => {
        clearTimeout(idle);
        idle = setTimeout(
          () => finish(new StreamInterruptedError('silent too long')),
          this.options.idleTimeoutMs ?? 30_000,
        );
      };
      const finish = (error?: Error): void => {
        clearTimeout(idle);
        socket.removeAllListeners();
        socket.on('error', () => undefined);
        socket.terminate();
        if (this.socket === socket) this.socket = undefined;
        if (error) reject(error);
        else resolve();
      };
      socket.on('unexpected-response', (_request, response) => {
        if (response.statusCode === 404 || response.statusCode === 426) {
          this.options.log.warn('the node serves no block streams: polling instead', { status: response.statusCode });
          this.mode = 'poll';
        }
        finish(new StreamInterruptedError('handshake refused', { status: response.statusCode }));
      });
      socket.on('open', armIdle);
      socket.on('error', (error) => finish(error));
      socket.on('close', (code, reason) =>
        finish(
          generation === this.generation
            ? new StreamInterruptedError('closed', { code, reason: reason.toString() })
            : undefined,
        ),
      );
      socket.on('message', (data) => {
        if (generation !== this.generation) return finish();
        armIdle();
        try {
          const json: unknown = JSON.parse(data.toString());
          if (streamEnd.is(json)) {
            throw new StreamInterruptedError('the node ended the stream', { error: json.error, message: json.message });
          }
          this.accept(namespaceBlockFromJson(json, this.options.namespace));
        } catch (error) {
          return finish(error as Error);
        }
        if (this.buffer.length >= this.maxBuffered) finish();
      });
    });
  }

  /** Polls the namespace endpoint height by height until the buffer fills or something fails. */
  private async pollOnce(generation: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted && generation === this.generation && this.buffer.length < this.maxBuffered) {
      const block = await this.options.api.namespaceBlock(this.next, this.options.namespace);
      if (generation !== this.generation) return;
      if (block === undefined) await sleep(this.options.pollIntervalMs ?? 500, signal);
      else this.accept(block);
    }
  }

  private accept(block: NamespaceBlock): void {
    if (block.height !== this.next) {
      throw new StreamInterruptedError('a block out of order', { expected: this.next, got: block.height });
    }
    if (!block.available) throw new StreamInterruptedError('the node lacks this payload yet', { height: block.height });
    this.buffer.push(block);
    this.next += 1;
    this.wake(this.waiters);
  }

  private wake(waiters: Set<() => void>): void {
    for (const wake of waiters) wake();
    waiters.clear();
  }
}

/** A log's fields for an interruption: the error's name, short message and details. */
function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof BaseError) return { error: error.name, reason: error.shortMessage, ...error.details };
  if (error instanceof Error) return { error: error.name, reason: error.message };
  return { error: 'Unknown', reason: String(error) };
}
