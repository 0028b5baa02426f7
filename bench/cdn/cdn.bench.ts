// Our CDN broker against Redis pub/sub on one job: one publisher, N subscribers, a fixed count of messages of each
// size. Prints one JSON line per system and size, then one line per size with the ratio ours / Redis.
//   npm run bench:cdn -- [--count 50000] [--subscribers 10] [--sizes 1024,65536] [--rounds 3]
//                        [--systems cdn,redis] [--redis redis://127.0.0.1:6379] [--broker-node-arg --cpu-prof ...]
//                        [--broker-entry dist/apps/cdn-server/src/main.js]   (the built broker instead of tsx)
//                        [--brokers 2]   (also the scale-out: a marshal and 2 brokers over Redis, side by side)
// With --brokers N (N >= 2) the cdn system runs twice: `cdn` (one broker, the single role) and `cdn-N-brokers`
// (a marshal and N meshed brokers; the nodes spread over them, so a broadcast crosses the mesh once per other
// broker), and a line per size gives the ratio of N brokers to one. Every CDN process is a child process, as Redis
// runs as its own; the publisher and the subscribers of every system share this process, and all of them share the
// machine's cores, which bounds what a second broker can add here. Sizes above 4 KiB send count / 20 messages (at least 100). The publisher keeps at most ~1 MiB
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
  brokers: number;
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
    brokers: 1,
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
      case '--brokers':
        options.brokers = Number(value);
        if (!Number.isInteger(options.brokers) || options.brokers < 1) throw new Error('--brokers takes a count >= 1');
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
  brokers?: number;
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
    const layout = { redisUrl: options.redis, nodeArgs: options.brokerNodeArgs, entry: options.brokerEntry };
    for (const brokers of options.brokers === 1 ? [1] : [1, options.brokers]) {
      const transport = new CdnTransport({ ...layout, brokers });
      contenders.push(await connect(transport, options.subscribers));
      if (brokers > 1) {
        const nodesPerBroker = transport.placement();
        process.stdout.write(`${JSON.stringify({ system: transport.name, brokers, nodesPerBroker })}\n`);
      }
    }
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
        const name = contender.transport.name;
        const line: Result = {
          system: name,
          ...(name.startsWith('cdn') ? { brokers: name === 'cdn' ? 1 : options.brokers } : {}),
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
      const scaled = rates.get(`cdn-${options.brokers}-brokers`);
      if (scaled !== undefined && rates.has('cdn')) {
        const vsOneBroker = Number((scaled / rates.get('cdn')!).toFixed(3));
        process.stdout.write(`${JSON.stringify({ size, brokers: options.brokers, vsOneBroker })}\n`);
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
