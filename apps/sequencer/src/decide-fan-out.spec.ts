import { buildDecidedChain } from '@hotshot/storage/testing';
import { silentLogger } from '@hotshot/telemetry';
import { DecideFanOut } from './decide-fan-out';

const [, withPayload, stored] = buildDecidedChain(1n, [[], []]);
/** Decided through catch-up: stored without its payload. */
const withoutPayload = { ...stored!, payload: undefined };

describe('DecideFanOut', () => {
  it('gives decided blocks to the node’s own parts first, then to every subscriber, and notes when', async () => {
    let now = 1000;
    const fanOut = new DecideFanOut(() => now, silentLogger);
    const order: string[] = [];
    fanOut.subscribe(() => order.push('subscriber (before join)'));
    expect(fanOut.lastDecideAtMs).toBeUndefined();
    fanOut.attach({
      payloads: { want: (height) => void order.push(`want ${height}`) },
      finality: { onDecided: async (blocks) => void order.push(`sign ${blocks.length}`) },
    });
    const unsubscribe = fanOut.subscribe(() => order.push('subscriber (after join)'));
    fanOut.deliver([withPayload!, withoutPayload]);
    expect(order).toEqual(['want 2', 'sign 2', 'subscriber (before join)', 'subscriber (after join)']);
    expect(fanOut.lastDecideAtMs).toBe(1000);
    unsubscribe();
    now = 2000;
    order.length = 0;
    fanOut.deliver([withPayload!]);
    expect(order).toEqual(['sign 1', 'subscriber (before join)']);
    expect(fanOut.lastDecideAtMs).toBe(2000);
  });

  it('keeps delivering when finality signing fails: the failure is logged, never thrown at consensus', async () => {
    const errors: unknown[] = [];
    const log = { ...silentLogger, error: (message: string) => void errors.push(message) };
    const fanOut = new DecideFanOut(() => 0, log as typeof silentLogger);
    fanOut.attach({
      payloads: { want: () => undefined },
      finality: { onDecided: () => Promise.reject(new Error('x')) },
    });
    const seen: number[] = [];
    fanOut.subscribe((blocks) => seen.push(blocks.length));
    expect(() => fanOut.deliver([withPayload!])).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([1]);
    expect(errors).toEqual(['finality signing failed']);
  });
});
