/**
 * Frames waiting for a connection, bounded by count and bytes. When full, the oldest frame goes: consensus
 * messages age fast and the protocol recovers lost ones by timeouts and catch-up, so the freshest are worth more.
 */
export class OutboundQueue {
  private frames: Uint8Array[] = [];
  private head = 0;
  private bytes = 0;
  /** Frames dropped to make room, since creation. */
  dropped = 0;

  constructor(
    private readonly maxFrames: number,
    private readonly maxBytes: number,
  ) {}

  /** Frames waiting. */
  get length(): number {
    return this.frames.length - this.head;
  }

  /** Bytes waiting. */
  get byteLength(): number {
    return this.bytes;
  }

  /** Adds a frame, dropping the oldest ones while the bounds are exceeded (a frame above maxBytes is dropped). */
  push(frame: Uint8Array): void {
    this.frames.push(frame);
    this.bytes += frame.length;
    while (this.length > 0 && (this.length > this.maxFrames || this.bytes > this.maxBytes)) {
      this.bytes -= this.frames[this.head].length;
      this.head++;
      this.dropped++;
    }
    if (this.head > 1024 && this.head * 2 > this.frames.length) this.compact();
  }

  /** Removes and returns every waiting frame, oldest first. */
  drain(): Uint8Array[] {
    const out = this.frames.slice(this.head);
    this.frames = [];
    this.head = 0;
    this.bytes = 0;
    return out;
  }

  private compact(): void {
    this.frames = this.frames.slice(this.head);
    this.head = 0;
  }
}
