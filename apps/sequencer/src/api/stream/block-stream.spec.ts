import type { Transaction } from '@hotshot/protocol';
import {
  SqliteAvailabilityStore,
  openSqliteDatabase,
  type AvailabilityStore,
  type DecidedBlock,
} from '@hotshot/storage';
import { buildDecidedChain } from '@hotshot/storage/testing';
import type { NamespaceProofJson } from '@hotshot/sequencer-api';
import { startTestApi, type TestApi } from '../testing/api-test-app';
import { openStream, type StreamClient } from '../testing/stream-client';
import { verifyNamespaceJson } from '../testing/verify-namespace-json';
import { DecideBroadcaster } from './decide-broadcaster';
import type { StreamOptions } from '../api-ports';
import { CLOSE_PRUNED } from './stream-session';

const tx = (namespace: number, text: string): Transaction => ({ namespace, payload: new TextEncoder().encode(text) });
/** Block h holds a transaction in namespace h % 3, and a second one in namespace 2 when h is a multiple of 4. */
const chain = buildDecidedChain(
  5n,
  Array.from({ length: 160 }, (_, i) => {
    const h = i + 1;
    return [tx(h % 3, `t${h}`), ...(h % 4 === 0 ? [tx(2, `x${h}`)] : [])];
  }),
);
const range = (from: number, until: number) => Array.from({ length: until - from }, (_, i) => from + i);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A node in miniature: a store, the feed the API follows, and the API over them. */
interface Node {
  store: AvailabilityStore;
  feed: DecideBroadcaster;
  api: TestApi;
  stream(path: string): Promise<StreamClient>;
  /** Decides `blocks` as the node does: stored first, then published. */
  decide(blocks: readonly DecidedBlock[]): Promise<void>;
  /** Decides heights [from, until) in batches of 1 to 3, yielding to the event loop in between. */
  produce(from: number, until: number): Promise<void>;
}

/** Runs after each history read of the API's store, before the stream sees the result. */
type ReadHook = (from: number, result: readonly DecidedBlock[]) => Promise<void>;

async function startNode(
  initialHeights: number,
  options: { afterRead?: ReadHook; streamOptions?: Partial<StreamOptions> } = {},
): Promise<Node> {
  const store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
  await store.appendDecided(chain.slice(0, initialHeights));
  const feed = new DecideBroadcaster();
  const apiStore: AvailabilityStore = {
    ...bindAll(store),
    getBlocks: async (from, until, limit) => {
      const result = await store.getBlocks(from, until, limit);
      await options.afterRead?.(from, result);
      return result;
    },
  };
  const api = await startTestApi({
    store: apiStore,
    feed,
    // Small pages, so a catch-up takes several reads for decides to land between.
    streamOptions: { historyPageSize: 4, heartbeatMs: 0, ...options.streamOptions },
  });
  const node: Node = {
    store,
    feed,
    api,
    stream: (path) => openStream(`${api.wsUrl}/v0/availability/stream/${path}`),
    decide: async (blocks) => {
      await store.appendDecided(blocks);
      feed.publish(blocks);
    },
    produce: async (from, until) => {
      for (let h = from; h < until;) {
        const next = Math.min(until, h + 1 + (h % 3));
        await node.decide(chain.slice(h, next));
        h = next;
        await sleep(h % 2);
      }
    },
  };
  return node;
}

/** The store's methods bound to it, so a test can replace one. */
function bindAll(store: AvailabilityStore): AvailabilityStore {
  const proto = Object.getPrototypeOf(store) as Record<string, unknown>;
  const methods = Object.getOwnPropertyNames(proto).filter(
    (k) => k !== 'constructor' && typeof proto[k] === 'function',
  );
  return Object.fromEntries(
    methods.map((k) => [k, (store as unknown as Record<string, (...a: unknown[]) => unknown>)[k]!.bind(store)]),
  ) as unknown as AvailabilityStore;
}

describe('block streams', () => {
  const nodes: Node[] = [];
  const node = async (initialHeights: number, options?: Parameters<typeof startNode>[1]) => {
    const started = await startNode(initialHeights, options);
    nodes.push(started);
    return started;
  };
  afterEach(async () => {
    for (const n of nodes.splice(0)) {
      await n.api.close();
      await n.store.close();
    }
  });

  it('streams from 0 while blocks are decided; a reconnect from the last height + 1 misses nothing, repeats nothing', async () => {
    const n = await node(30);
    const producing = n.produce(30, 120);
    const first = await n.stream('blocks/0');
    await first.waitFor((m) => m.length >= 50);
    first.socket.close();
    await first.closed;
    const seen = first.heights();
    const second = await n.stream(`blocks/${seen.at(-1)! + 1}`);
    await producing;
    await second.waitFor((m) => m.at(-1)?.height === 119, 'height 119');
    const all = [...first.messages, ...second.messages];
    expect(all.map((m) => m.height)).toEqual(range(0, 120));
    expect(all.map((m) => m.hash)).toEqual(chain.slice(0, 120).map((b) => b.headerCommitment));
    expect(all[4]!.transactions).toEqual([
      expect.objectContaining({ namespace: 1 }),
      expect.objectContaining({ namespace: 2 }),
    ]);
  });

  it('gives clients starting at any height, before or after the live edge, exactly [from, latest]', async () => {
    const n = await node(20);
    const starts = [0, 7, 19, 20, 21, 60, 99];
    const clients = await Promise.all(starts.map((from) => n.stream(`blocks/${from}`)));
    const late: Promise<StreamClient>[] = [];
    const producing = (async () => {
      for (let h = 20; h < 100; h += 10) {
        await n.produce(h, h + 10);
        // More clients join mid-production, while their history and live decides overlap.
        late.push(n.stream(`blocks/${h - 5}`));
      }
    })();
    await producing;
    const lateClients = await Promise.all(late);
    const all = [...clients, ...lateClients];
    const from = [...starts, ...range(0, 8).map((i) => 20 + i * 10 - 5)];
    await Promise.all(all.map((c) => c.waitFor((m) => m.at(-1)?.height === 99, 'height 99')));
    await sleep(20);
    all.forEach((client, i) => expect(client.heights()).toEqual(range(from[i]!, 100)));
  });

  it('serves headers and leaves streams in the same order', async () => {
    const n = await node(10);
    const headers = await n.stream('headers/5');
    const leaves = await n.stream('leaves/0');
    await n.produce(10, 25);
    await headers.waitFor((m) => m.at(-1)?.height === 24);
    await leaves.waitFor((m) => m.at(-1)?.height === 24);
    expect(headers.heights()).toEqual(range(5, 25));
    expect(headers.messages.map((h) => h.payloadCommitment)).toEqual(
      chain.slice(5, 25).map((b) => b.leaf.header.payloadCommitment),
    );
    expect(leaves.messages.map((l) => l.leafCommitment)).toEqual(chain.slice(0, 25).map((b) => b.leafCommitment));
  });

  it('filters a namespace: one verifiable message per height, with only that namespace', async () => {
    const n = await node(15);
    const client = await n.stream('blocks/0?namespace=2');
    await n.produce(15, 40);
    await client.waitFor((m) => m.at(-1)?.height === 39);
    expect(client.heights()).toEqual(range(0, 40));
    for (const message of client.messages as unknown as NamespaceProofJson[]) {
      const h = message.height;
      const expected = [...(h > 0 && h % 3 === 2 ? [`t${h}`] : []), ...(h > 0 && h % 4 === 0 ? [`x${h}`] : [])];
      const proven = verifyNamespaceJson(message).map((t) => new TextDecoder().decode(t.payload));
      expect([h, proven]).toEqual([h, expected]);
      expect(message.transactions!.every((t) => t.namespace === 2)).toBe(true);
    }
  });

  it('sends blocks decided while its last history read was in flight, with no later decide to reveal them', async () => {
    let decideDuringRead = true;
    const n: Node = await node(10, {
      afterRead: async (from, result) => {
        if (from === 10 && result.length === 0 && decideDuringRead) {
          decideDuringRead = false;
          await n.decide(chain.slice(10, 12));
        }
      },
    });
    const client = await n.stream('blocks/0');
    await client.waitFor((m) => m.length === 12, 'heights 10 and 11', 5000);
    expect(client.heights()).toEqual(range(0, 12));
  });

  it('re-reads the store when more blocks were decided during history than it holds for a client', async () => {
    let decideDuringRead = true;
    const n: Node = await node(10, {
      streamOptions: { maxPendingBlocks: 2 },
      afterRead: async (from, result) => {
        if (from === 10 && result.length === 0 && decideDuringRead) {
          decideDuringRead = false;
          for (let h = 10; h < 15; h++) await n.decide(chain.slice(h, h + 1));
        }
      },
    });
    const client = await n.stream('blocks/0');
    await client.waitFor((m) => m.length === 15, 'heights 10 to 14', 5000);
    expect(client.heights()).toEqual(range(0, 15));
  });

  it('skips replayed heights and fills a gap in the feed from the store', async () => {
    const n = await node(11);
    const client = await n.stream('blocks/0');
    await client.waitFor((m) => m.length === 11);
    await n.store.appendDecided(chain.slice(11, 15));
    n.feed.publish(chain.slice(11, 12));
    n.feed.publish(chain.slice(11, 13));
    // The feed skips 13 (a node that lost it would): the stream must read it back from the store.
    n.feed.publish(chain.slice(14, 15));
    n.feed.publish(chain.slice(12, 13));
    await client.waitFor((m) => m.length === 15);
    await n.decide(chain.slice(15, 16));
    await client.waitFor((m) => m.length === 16);
    expect(client.heights()).toEqual(range(0, 16));
  });

  it('ends a stream that pruning overtook with 4410 and a message naming the earliest height', async () => {
    const n = await node(11);
    const client = await n.stream('blocks/0');
    await client.waitFor((m) => m.length === 11);
    await n.store.appendDecided(chain.slice(11, 14));
    await n.store.pruneBelow(12);
    n.feed.publish(chain.slice(13, 14));
    const { code } = await client.closed;
    expect(code).toBe(CLOSE_PRUNED);
    expect(client.messages.at(-1)).toMatchObject({
      error: 'HeightPrunedError',
      message: expect.stringContaining('the earliest available height is 12'),
      details: { height: 11, earliestHeight: 12 },
    });
  });
});
