import { connect, type Socket } from 'node:net';
import { FrameDecoder, FrameKind, decodeFrame } from '@hotshot/cdn';

/** What a stranger flood did. */
export interface StrangerFloodStats {
  /** Sockets opened in all (each re-opened as the broker closed the last). */
  opened: number;
  /** Sockets the broker closed. */
  closedByBroker: number;
  /** Error frames the broker sent before closing, by code (libs/cdn ErrorCode). */
  refusalCodes: Record<number, number>;
}

/**
 * Issue 17, finding 3 as a running attack: sockets from `addresses` (loopback aliases such as 127.0.0.2) that never
 * send a byte, `socketsPerAddress` at a time from each, each re-opened as soon as the broker closes it, until
 * `stop()`. Sixteen addresses of 32 hold twice the broker's 256 places for connections awaiting authentication.
 */
export class StrangerFlood {
  readonly stats: StrangerFloodStats = { opened: 0, closedByBroker: 0, refusalCodes: {} };
  private readonly sockets = new Set<Socket>();
  private stopped = false;

  constructor(
    private readonly port: number,
    private readonly addresses: readonly string[],
    private readonly socketsPerAddress: number,
  ) {}

  start(): void {
    for (const address of this.addresses) for (let i = 0; i < this.socketsPerAddress; i++) this.open(address);
  }

  /** Closes every socket and opens no more; returns what was done. */
  stop(): StrangerFloodStats {
    this.stopped = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    return this.stats;
  }

  private open(localAddress: string): void {
    if (this.stopped) return;
    const socket = connect({ host: '127.0.0.1', port: this.port, localAddress });
    this.sockets.add(socket);
    this.stats.opened++;
    const decoder = new FrameDecoder(1024);
    socket.on('data', (chunk) => {
      try {
        decoder.push(chunk, (frame) => {
          const message = decodeFrame(frame);
          if (message.kind === FrameKind.Error) {
            this.stats.refusalCodes[message.code] = (this.stats.refusalCodes[message.code] ?? 0) + 1;
          }
        });
      } catch {
        // Not the broker's framing: not this attack's concern.
      }
    });
    socket.on('error', () => undefined);
    // Re-opened 20 ms after the broker closes it, so the flood leaves the rest of this process (the harness's
    // audit and load) some of the event loop; a broker that is down is dialled again every 500 ms.
    socket.on('close', (hadError) => {
      if (!this.sockets.delete(socket) || this.stopped) return;
      if (!hadError) this.stats.closedByBroker++;
      setTimeout(() => this.open(localAddress), hadError ? 500 : 20);
    });
  }
}
