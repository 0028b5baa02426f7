import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CdnClient, Topic } from '@hotshot/cdn';
import { demoKeyPair } from '@hotshot/crypto';
import Redis from 'ioredis';

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

const root = join(__dirname, '..', '..');

/** Our broker as a child process (like Redis, a process of its own), with our client for every role. */
export class CdnTransport implements PubSubTransport {
  readonly name = 'cdn';
  private broker: ChildProcess | undefined;
  private dataDir = '';
  private readonly controllers: AbortController[] = [];
  private publisher: CdnClient | undefined;
  private readonly clients: CdnClient[] = [];

  /** `brokerEntry`: a built main.js to run instead of the TypeScript source through tsx. */
  constructor(
    private readonly brokerNodeArgs: readonly string[] = [],
    private readonly brokerEntry?: string,
  ) {}

  async start(subscribers: number, onMessage: (subscriber: number, size: number) => void): Promise<void> {
    this.dataDir = mkdtempSync(join(tmpdir(), 'cdn-bench-'));
    const nodes = subscribers + 1;
    this.broker = spawn(
      process.execPath,
      [
        ...this.brokerNodeArgs,
        '--import',
        'tsx',
        join(root, 'apps/cdn-server/src/main.ts'),
        '-p',
        '0',
        '-n',
        String(nodes),
        '--data-dir',
        this.dataDir,
        '--log-level',
        'info',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const port = await new Promise<number>((resolve, reject) => {
      let text = '';
      this.broker!.once('exit', (code) => reject(new Error(`the broker exited with ${code}`)));
      this.broker!.stdout!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match = /"msg":"listening".*?"port":(\d+)/.exec(text);
        if (match) resolve(Number(match[1]));
      });
    });
    const url = `tcp://127.0.0.1:${port}`;
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
    }
    this.publisher = this.clients[0];
    await Promise.all(this.clients.map((c) => c.welcome()));
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
    const broker = this.broker!;
    const exited = new Promise((resolve) => broker.once('exit', resolve));
    broker.kill('SIGTERM');
    await exited;
    rmSync(this.dataDir, { recursive: true, force: true });
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
