/** A Broadcast or Direct frame delivered to this node. */
export interface CdnDelivery {
  readonly kind: 'broadcast' | 'direct';
  /** The sender's roster index, stamped by the broker. */
  readonly sender: number;
  /** Topic bit mask of a broadcast; 0 for a direct message. */
  readonly topics: number;
  /** The payload: a view into the received chunk, never reused by the client. */
  readonly bytes: Uint8Array;
}

/**
 * One consumer's buffered view of the deliveries, as an async iterator. The client pauses reading from the socket
 * while any stream holds more than its high-water mark, so a slow consumer pushes back on the broker (which drops
 * the connection if it stays slow) instead of growing memory.
 */
export class DeliveryStream implements AsyncIterableIterator<CdnDelivery> {
  private buffer: CdnDelivery[] = [];
  private head = 0;
  private waiter: ((result: IteratorResult<CdnDelivery>) => void) | undefined;
  private ended = false;

  constructor(
    readonly highWaterMark: number,
    private readonly onConsumed: () => void,
    private readonly onReturn: (stream: DeliveryStream) => void,
  ) {}

  /** Deliveries waiting to be read. */
  get length(): number {
    return this.buffer.length - this.head;
  }

  /** Hands a delivery to the waiting reader or buffers it. */
  push(delivery: CdnDelivery): void {
    if (this.ended) return;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter({ value: delivery, done: false });
      return;
    }
    this.buffer.push(delivery);
  }

  /** Ends the stream: the reader sees what is buffered, then done. */
  end(): void {
    this.ended = true;
    if (this.waiter && this.length === 0) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<CdnDelivery>> {
    if (this.length > 0) {
      const value = this.buffer[this.head++];
      if (this.head === this.buffer.length) {
        this.buffer = [];
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.buffer.length) {
        this.buffer = this.buffer.slice(this.head);
        this.head = 0;
      }
      this.onConsumed();
      return Promise.resolve({ value, done: false });
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiter = resolve));
  }

  return(): Promise<IteratorResult<CdnDelivery>> {
    this.buffer = [];
    this.head = 0;
    this.end();
    this.onReturn(this);
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<CdnDelivery> {
    return this;
  }
}
