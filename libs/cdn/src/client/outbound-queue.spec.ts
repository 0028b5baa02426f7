import { OutboundQueue } from './outbound-queue';

const frame = (tag: number, size = 10) => new Uint8Array(size).fill(tag);

describe('OutboundQueue', () => {
  it('drops the oldest frames beyond the count bound and counts them', () => {
    const queue = new OutboundQueue(3, 1000);
    for (let i = 0; i < 5; i++) queue.push(frame(i));
    expect(queue.dropped).toBe(2);
    expect(queue.drain().map((f) => f[0])).toEqual([2, 3, 4]);
    expect(queue.length).toBe(0);
    expect(queue.byteLength).toBe(0);
  });

  it('drops the oldest frames beyond the byte bound', () => {
    const queue = new OutboundQueue(100, 25);
    queue.push(frame(1));
    queue.push(frame(2));
    queue.push(frame(3));
    expect(queue.byteLength).toBe(20);
    expect(queue.drain().map((f) => f[0])).toEqual([2, 3]);
    expect(queue.dropped).toBe(1);
  });

  it('drops a single frame larger than the byte bound', () => {
    const queue = new OutboundQueue(100, 25);
    queue.push(frame(1, 30));
    expect(queue.length).toBe(0);
    expect(queue.dropped).toBe(1);
  });

  it('stays correct over many drops', () => {
    const queue = new OutboundQueue(10, 1_000_000);
    for (let i = 0; i < 5000; i++) queue.push(frame(i % 256, 1));
    expect(queue.dropped).toBe(4990);
    expect(queue.drain().map((f) => f[0])).toEqual([...Array(10).keys()].map((i) => (4990 + i) % 256));
  });
});
