import net, { type Server, type Socket } from 'node:net';

/** How a proxy treats the traffic between a node and the broker. */
export type ProxyMode =
  /** Bytes flow as they arrive. */
  | { readonly kind: 'pass' }
  /** Every chunk waits `ms` (plus up to `jitterMs`) each way; order within a connection is kept. */
  | { readonly kind: 'delay'; readonly ms: number; readonly jitterMs: number }
  /** Connections are reset and new ones refused: a hard partition the node notices at once. */
  | { readonly kind: 'cut' }
  /** Nothing flows and nothing closes: a silent partition that only heartbeats detect; bytes resume on heal. */
  | { readonly kind: 'stall' };

/** Counters of one proxy, for logs and reports. */
export interface ProxyStats {
  connections: number;
  refused: number;
  resets: number;
  bytesUp: number;
  bytesDown: number;
}

/** Bytes a direction buffers before it stops reading its source (TCP backpressure does the rest). */
const HIGH_WATER_BYTES = 1 << 20;

/**
 * A fault-injecting TCP proxy between one node and the broker: the node takes `--cdn-url tcp://127.0.0.1:<port>`
 * and the proxy dials the broker for each connection. Modes change at any time and apply to open connections.
 */
export class FaultProxy {
  readonly stats: ProxyStats = { connections: 0, refused: 0, resets: 0, bytesUp: 0, bytesDown: 0 };
  private readonly server: Server;
  private readonly pairs = new Set<ConnectionPair>();
  private current: ProxyMode = { kind: 'pass' };
  private boundPort = 0;

  constructor(
    private readonly upstreamPort: number,
    private readonly upstreamHost = '127.0.0.1',
    private readonly random: () => number = Math.random,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  /** Listens on `port` (0 for any) on 127.0.0.1; resolves with the bound port. */
  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.boundPort = (this.server.address() as net.AddressInfo).port;
    return this.boundPort;
  }

  get port(): number {
    return this.boundPort;
  }

  get mode(): ProxyMode {
    return this.current;
  }

  /** Open connection pairs. */
  get openConnections(): number {
    return this.pairs.size;
  }

  /** Switches mode: `cut` resets every open connection, leaving `stall` releases what waited. */
  setMode(mode: ProxyMode): void {
    this.current = mode;
    if (mode.kind === 'cut') {
      for (const pair of [...this.pairs]) {
        this.stats.resets++;
        pair.destroy(true);
      }
    }
    for (const pair of this.pairs) pair.pump();
  }

  /** Back to `pass`. */
  heal(): void {
    this.setMode({ kind: 'pass' });
  }

  /** The delay for a chunk read now, in ms. */
  delayMs(): number {
    const mode = this.current;
    if (mode.kind !== 'delay') return 0;
    return mode.ms + Math.floor(this.random() * (mode.jitterMs + 1));
  }

  get stalled(): boolean {
    return this.current.kind === 'stall';
  }

  /** Closes the listener and every connection. */
  async close(): Promise<void> {
    for (const pair of [...this.pairs]) pair.destroy(false);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.setNoDelay(true);
    if (this.current.kind === 'cut') {
      this.stats.refused++;
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    this.stats.connections++;
    const upstream = net.connect({ host: this.upstreamHost, port: this.upstreamPort });
    upstream.setNoDelay(true);
    const pair = new ConnectionPair(this, client, upstream, () => this.pairs.delete(pair));
    this.pairs.add(pair);
  }
}

/** One node connection and its upstream broker connection; when one side ends, both go. */
class ConnectionPair {
  private readonly up: Direction;
  private readonly down: Direction;
  private closed = false;

  constructor(
    proxy: FaultProxy,
    private readonly client: Socket,
    private readonly upstream: Socket,
    private readonly onClosed: () => void,
  ) {
    this.up = new Direction(proxy, client, upstream, (n) => (proxy.stats.bytesUp += n));
    this.down = new Direction(proxy, upstream, client, (n) => (proxy.stats.bytesDown += n));
    for (const socket of [client, upstream]) {
      socket.on('error', () => this.destroy(false));
      socket.on('close', () => this.destroy(false));
    }
  }

  pump(): void {
    this.up.pump();
    this.down.pump();
  }

  destroy(reset: boolean): void {
    if (this.closed) return;
    this.closed = true;
    this.up.stop();
    this.down.stop();
    for (const socket of [this.client, this.upstream]) {
      if (reset && !socket.destroyed && socket.readyState === 'open') socket.resetAndDestroy();
      else socket.destroy();
    }
    this.onClosed();
  }
}

/** One direction of a pair: chunks wait for their release time (delay) or for a heal (stall), in order. */
class Direction {
  private readonly queue: { chunk: Buffer; at: number }[] = [];
  private queuedBytes = 0;
  private lastAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private waitingForDrain = false;
  private stopped = false;

  constructor(
    private readonly proxy: FaultProxy,
    private readonly source: Socket,
    private readonly sink: Socket,
    private readonly count: (bytes: number) => void,
  ) {
    source.on('data', (chunk: Buffer) => {
      const at = Math.max(Date.now() + proxy.delayMs(), this.lastAt);
      this.lastAt = at;
      this.queue.push({ chunk, at });
      this.queuedBytes += chunk.length;
      if (this.queuedBytes > HIGH_WATER_BYTES) source.pause();
      this.pump();
    });
    sink.on('drain', () => {
      this.waitingForDrain = false;
      this.pump();
    });
  }

  pump(): void {
    if (this.stopped || this.waitingForDrain || this.proxy.stalled) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = Date.now();
    while (this.queue.length > 0 && this.queue[0]!.at <= now) {
      const { chunk } = this.queue.shift()!;
      this.queuedBytes -= chunk.length;
      this.count(chunk.length);
      if (!this.sink.write(chunk)) {
        this.waitingForDrain = true;
        break;
      }
    }
    if (this.queuedBytes <= HIGH_WATER_BYTES && this.source.isPaused()) this.source.resume();
    if (!this.waitingForDrain && this.queue.length > 0) {
      this.timer = setTimeout(() => this.pump(), this.queue[0]!.at - now);
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.queue.length = 0;
  }
}
