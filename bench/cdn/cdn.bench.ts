// Our CDN broker against Redis pub/sub on one job: one publisher, N subscribers, a fixed count of messages of each
// size. Prints one JSON line per system and size, then one line per size with the ratio ours / Redis.
//   npm run bench:cdn -- [--count 50000] [--subscribers 10] [--sizes 1024,65536] [--rounds 3]
//                        [--systems cdn,redis] [--redis redis://127.0.0.1:6379] [--broker-node-arg --cpu-prof ...]
//                        [--broker-entry dist/apps/cdn-server/src/main.js]   (the built broker instead of tsx)
// Our broker runs as a child process, as Redis runs as its own; the publisher and the subscribers of both systems
// share this process. Sizes above 4 KiB send count / 20 messages (at least 100). The publisher keeps at most ~1 MiB
// per subscriber in flight (at least 8 messages), the same for both, so neither is measured on dropping a backlog.
// Each line reports the median of --rounds runs; the rounds alternate between the systems.
import { CdnTransport, RedisTransport, type PubSubTransport } from './bench-transports';

interface Options {
  count: number;
  subscribers: number;
  sizes: number[];
  redis: string;
  rounds: number;
  systems: string[];
  brokerNodeArgs: string[];
  brokerEntry: string | undefined;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    count: 50_000,
    subscribers: 10,
    sizes: [1024, 65536],
    redis: 'redis://127.0.0.1:6379',
    rounds: 3,
    systems: ['cdn', 'redis'],
    brokerNodeArgs: [],
    brokerEntry: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--count':
        options.count = Number(value);
        i++;
        break;
      case '--subscribers':
        options.subscribers = Number(value);
        i++;
        break;
      case '--sizes':
        options.sizes = value.split(',').map(Number);
        i++;
        break;
      case '--systems':
        options.systems = value.split(',');
        i++;
        break;
      case '--rounds':
        options.rounds = Number(value);
        i++;
        break;
      case '--redis':
        options.redis = value;
        i++;
        break;
      case '--broker-entry':
        options.brokerEntry = value;
        i++;
        break;
      case '--broker-node-arg':
        options.brokerNodeArgs.push(value);
        i++;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return options;
}

interface Result {
  system: string;
  size: number;
  messages: number;
  subscribers: number;
  seconds: number;
  msgsPerSec: number;
  mbPerSec: number;
}

/** Called on every delivery; the running job uses it to wake its publisher. */
const onDelivery: { current: (() => void) | undefined } = { current: undefined };

/** Publishes `count` messages of `size` bytes and waits until every subscriber has them all; returns seconds. */
async function runJob(transport: PubSubTransport, received: number[], size: number, count: number): Promise<number> {
  const payload = Buffer.alloc(size, 0xab);
  const window = Math.max(8, Math.floor((1024 * 1024) / size));
  const base = received.slice();
  const slowest = () => {
    let min = Infinity;
    for (let i = 0; i < received.length; i++) min = Math.min(min, received[i] - base[i]);
    return min;
  };
  let waiter: { target: number; resolve: () => void } | undefined;
  onDelivery.current = () => {
    if (waiter && slowest() >= waiter.target) {
      const { resolve } = waiter;
      waiter = undefined;
      resolve();
    }
  };
  const waitFor = (target: number) =>
    slowest() >= target ? Promise.resolve() : new Promise<void>((resolve) => (waiter = { target, resolve }));
  const started = process.hrtime.bigint();
  for (let sent = 0; sent < count; sent++) {
    if (sent >= window && sent % 8 === 0) {
      await waitFor(sent - window);
      await transport.drained();
    }
    transport.publish(payload);
  }
  await waitFor(count);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  onDelivery.current = undefined;
  return seconds;
}

/** A transport with its delivery counters. */
interface Contender {
  transport: PubSubTransport;
  received: number[];
  expectedSize: number;
}

async function connect(transport: PubSubTransport, subscribers: number): Promise<Contender> {
  const contender: Contender = { transport, received: new Array<number>(subscribers).fill(0), expectedSize: 0 };
  await transport.start(subscribers, (subscriber, size) => {
    if (size !== contender.expectedSize) {
      throw new Error(`${transport.name} delivered ${size} bytes, expected ${contender.expectedSize}`);
    }
    contender.received[subscriber]++;
    onDelivery.current?.();
  });
  return contender;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const contenders: Contender[] = [];
  if (options.systems.includes('cdn')) {
    contenders.push(await connect(new CdnTransport(options.brokerNodeArgs, options.brokerEntry), options.subscribers));
  }
  if (options.systems.includes('redis')) {
    contenders.push(await connect(new RedisTransport(options.redis), options.subscribers));
  }
  try {
    for (const size of options.sizes) {
      const count = size <= 4096 ? options.count : Math.max(100, Math.round(options.count / 20));
      const seconds = new Map<string, number[]>();
      for (const contender of contenders) {
        contender.expectedSize = size;
        await runJob(contender.transport, contender.received, size, Math.min(count, 1000)); // warm-up
        seconds.set(contender.transport.name, []);
      }
      // Rounds alternate between the systems, so a burst of load from elsewhere hits both alike.
      for (let round = 0; round < options.rounds; round++) {
        for (const contender of contenders) {
          seconds
            .get(contender.transport.name)!
            .push(await runJob(contender.transport, contender.received, size, count));
        }
      }
      const rates = new Map<string, number>();
      for (const contender of contenders) {
        const elapsed = median(seconds.get(contender.transport.name)!);
        const deliveries = count * options.subscribers;
        rates.set(contender.transport.name, deliveries / elapsed);
        const line: Result = {
          system: contender.transport.name,
          size,
          messages: count,
          subscribers: options.subscribers,
          seconds: Number(elapsed.toFixed(4)),
          msgsPerSec: Math.round(deliveries / elapsed),
          mbPerSec: Number(((deliveries * size) / elapsed / 1e6).toFixed(2)),
        };
        process.stdout.write(`${JSON.stringify(line)}\n`);
      }
      if (rates.has('cdn') && rates.has('redis')) {
        const ratio = rates.get('cdn')! / rates.get('redis')!;
        process.stdout.write(`${JSON.stringify({ size, ratio: Number(ratio.toFixed(3)) })}\n`);
      }
    }
  } finally {
    for (const contender of contenders) await contender.transport.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `cdn bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
