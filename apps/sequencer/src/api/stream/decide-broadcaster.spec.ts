import { buildDecidedChain } from '@hotshot/storage/testing';
import { JsonLogger } from '@hotshot/telemetry';
import { DecideBroadcaster } from './decide-broadcaster';

const chain = buildDecidedChain(1n, [[], []]);

describe('DecideBroadcaster', () => {
  it('hands each batch to every listener until it unsubscribes, even past a listener that throws', () => {
    const lines: string[] = [];
    const feed = new DecideBroadcaster(new JsonLogger({ sink: (line) => lines.push(line) }));
    const seen: number[][] = [];
    const record = (blocks: readonly (typeof chain)[number][]) => seen.push(blocks.map((b) => b.leaf.header.height));
    feed.subscribe(() => {
      throw new Error('listener bug');
    });
    const first = feed.subscribe(record);
    feed.subscribe(record);
    feed.publish(chain.slice(0, 2));
    first();
    first();
    feed.publish(chain.slice(2, 3));
    feed.publish([]);
    expect(seen).toEqual([[0, 1], [0, 1], [2]]);
    expect(feed.size).toBe(2);
    expect(lines.filter((line) => line.includes('decide listener failed'))).toHaveLength(2);
  });
});
