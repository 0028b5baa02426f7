import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CdnClient, Topic } from '@hotshot/cdn';
import { demoKeyPair } from '@hotshot/crypto';
import Redis from 'ioredis';
import { CdnProcess } from './cdn-processes';

/** One publisher and N subscribers on some pub/sub system, as the benchmark drives them. */
export interface PubSubTransport {
  readonly name: string;
  /** Connects everything; `onMessage(subscriber, bytes)` is called for every delivery. */
  start(subscribers: number, onMessage: (subscriber: number, size: number) => void): Promise<void>;
  publish(payload: Buffer): void;
  /** Resolves when the publisher's socket can take more. */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

/** How the CDN of a benchmark run is laid out. */
export interface CdnLayout {
  /** 1: one broker in the single role; 2 or more: a marshal and that many brokers over Redis. */
  readonly brokers: number;
  /** Redis for the scale-out (under a key prefix of its own, deleted afterwards). */
  readonly redisUrl: string;
  readonly nodeArgs: readonly string[];
  /** A built main.js to run instead of the TypeScript source through tsx. */
  readonly entry: string | undefined;
}

/** Our CDN as child processes (like Redis, processes of their own), with our client for every role. */
export class CdnTransport implements PubSubTransport {
  readonly name: string;
  private readonly processes: CdnProcess[] = [];
  private readonly brokerProcesses: CdnProcess[] = [];
  private dataDir = '';
  private readonly prefix = `cdn-bench-${randomBytes(6).toString('hex')}`;
  private readonly controllers: AbortController[] = [];
  private publisher: CdnClient | undefined;
  private readonly clients: CdnClient[] = [];

  constructor(private readonly layout: CdnLayout) {
    this.name = layout.brokers === 1 ? 'cdn' : `cdn-${layout.brokers}-brokers`;
  }

  async start(subscribers: number, onMessage: (subscriber: number, size: number) => void): Promise<void> {
    const nodes = subscribers + 1;
    const url = this.layout.brokers === 1 ? await this.startSingle(nodes) : await this.startScaleOut(nodes);
    for (let i = 0; i < nodes; i++) {
      const client = new CdnClient({
        url,
        keyPair: demoKeyPair('cdn-bench', i),
        topics: i === 0 ? [] : [Topic.Global],
      });
      if (i > 0) {
        const subscriber = i - 1;
        client.on('message', (delivery) => onMessage(subscriber, delivery.bytes.length));
      }
      const controller = new AbortController();
      this.controllers.push(controller);
      client.start(controller.signal);
      this.clients.push(client);
      // One at a time through a marshal, so the least-loaded choice sees the nodes before and spreads them.
      if (this.layout.brokers > 1) await nextAuthenticated(client);
    }
    this.publisher = this.clients[0];
    await Promise.all(this.clients.map((c) => c.welcome()));
  }

  /** Nodes per broker (the publisher among them), for the report; empty for the single broker. */
  placement(): number[] {
    return this.brokerProcesses.map((broker) => broker.count(/"msg":"node joined"/));
  }

  publish(payload: Buffer): void {
    this.publisher!.broadcast(Topic.Global, payload);
  }

  drained(): Promise<void> {
    return this.publisher!.whenDrained();
  }

  async stop(): Promise<void> {
    for (const controller of this.controllers) controller.abort();
    await Promise.all(this.clients.map((c) => c.whenStopped()));
    await Promise.all(this.processes.map((p) => p.stop()));
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
    if (this.layout.brokers > 1) await deleteKeys(this.layout.redisUrl, this.prefix);
  }

  private spawn(args: string[]): CdnProcess {
    const child = new CdnProcess([...args, '--log-level', 'info'], this.layout.nodeArgs, this.layout.entry);
    this.processes.push(child);
    return child;
  }

  private async startSingle(nodes: number): Promise<string> {
    this.dataDir = mkdtempSync(join(tmpdir(), 'cdn-bench-'));
    const broker = this.spawn(['-p', '0', '-n', String(nodes), '--data-dir', this.dataDir]);
    const port = (await broker.waitFor(/"msg":"listening".*?"port":(\d+)/))[1];
    return `tcp://127.0.0.1:${port}`;
  }

  private async startScaleOut(nodes: number): Promise<string> {
    const redis = ['--redis-url', this.layout.redisUrl, '--redis-prefix', this.prefix];
    const marshal = this.spawn(['--role', 'marshal', '-p', '0', '-n', String(nodes), ...redis]);
    const port = (await marshal.waitFor(/"msg":"listening".*?"port":(\d+)/))[1];
    const brokers = Array.from({ length: this.layout.brokers }, (_, i) =>
      this.spawn(['--role', 'broker', '-p', '0', '--broker-id', `bench-${i}`, ...redis]),
    );
    this.brokerProcesses.push(...brokers);
    // Every broker holds a link to every other one before any node joins.
    await Promise.all(brokers.map((b) => b.waitFor(/"msg":"mesh link up"/, this.layout.brokers - 1)));
    return `tcp://127.0.0.1:${port}`;
  }
}

function nextAuthenticated(client: CdnClient): Promise<void> {
  return new Promise((resolve) => client.once('authenticated', () => resolve()));
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Redis pub/sub through ioredis: one connection per subscriber, Buffer messages, auto-pipelined publishes. */
export class RedisTransport implements PubSubTransport {
  readonly name = 'redis';
  private publisher: Redis | undefined;
  private readonly subscribers: Redis[] = [];
  private readonly channel = `cdn-bench:${process.pid}:${Date.now()}`;

  constructor(private readonly url: string) {}

  async start(subscribers: number, onMessage: (subscriber: number, size: number) => void): Promise<void> {
    for (let i = 0; i < subscribers; i++) {
      const redis = new Redis(this.url, { lazyConnect: true });
      await redis.connect();
      redis.on('messageBuffer', (_channel: Buffer, message: Buffer) => onMessage(i, message.length));
      await redis.subscribe(this.channel);
      this.subscribers.push(redis);
    }
    this.publisher = new Redis(this.url, { lazyConnect: true, enableAutoPipelining: true });
    await this.publisher.connect();
  }

  publish(payload: Buffer): void {
    void this.publisher!.publish(this.channel, payload);
  }

  drained(): Promise<void> {
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    await Promise.all([this.publisher, ...this.subscribers].map((r) => r!.quit()));
  }
}
