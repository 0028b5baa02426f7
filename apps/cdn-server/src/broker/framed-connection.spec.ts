import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { CdnProtocolError, ErrorCode, FrameDecoder, FrameKind, decodeFrame, errorCodeName } from '@hotshot/cdn';
import { FramedConnection, type FramedConnectionOptions } from './framed-connection';

/** A raw frame: uint32 length (kind + body) | kind | body. */
function rawFrame(kind: number, body: number[]): Buffer {
  const frame = Buffer.alloc(5 + body.length);
  frame.writeUInt32BE(1 + body.length, 0);
  frame[4] = kind;
  frame.set(body, 5);
  return frame;
}

/** What a connection was told, in order. */
interface Seen {
  frames: Buffer[];
  errors: unknown[];
  chunks: number;
  closed: string[];
  flushes: number;
}

/** A FramedConnection that records what it is told and, as both real ones do, closes on a refused input. */
class RecordingConnection extends FramedConnection {
  readonly seen: Seen = { frames: [], errors: [], chunks: 0, closed: [], flushes: 0 };

  constructor(socket: Socket, options: FramedConnectionOptions, now: () => number) {
    super(socket, options, now);
  }

  raiseLimit(maxFrameBytes: number): void {
    this.acceptFramesUpTo(maxFrameBytes);
  }

  protected flush(): void {
    this.seen.flushes++;
  }

  protected frameReceived(frame: Uint8Array): void {
    this.seen.frames.push(Buffer.from(frame));
  }

  protected inputFailed(error: unknown): void {
    this.seen.errors.push(error);
    const code = error instanceof CdnProtocolError ? error.code : ErrorCode.Internal;
    this.closeWithError(code, 'refused', errorCodeName(code));
  }

  protected inputProcessed(): void {
    this.seen.chunks++;
  }

  protected closed(reason: string): void {
    this.seen.closed.push(reason);
  }
}

/** A RecordingConnection on the accepted side of a real TCP connection, and the peer's socket. */
async function framedPair(maxFrameBytes: number) {
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const peer = connect(port, '127.0.0.1');
  // A peer written to after the other side closed may see a reset; that is not what these tests are about.
  peer.on('error', () => undefined);
  const [accepted] = (await once(server, 'connection')) as [Socket];
  server.close();
  let clock = 1000;
  const framed = new RecordingConnection(
    accepted,
    { maxFrameBytes, keepAliveMs: 30_000, closeGraceMs: 1000 },
    () => (clock += 10),
  );
  const seen = framed.seen;
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((resolve) => setImmediate(resolve));
  };
  /** Resolves once the connection has handled `chunks` chunks in all. */
  const handled = (chunks: number) => until(() => seen.chunks >= chunks);
  /** Resolves once the connection has said it closed. */
  const closed = () => until(() => seen.closed.length > 0);
  return { framed, peer, seen, handled, closed };
}

describe('FramedConnection', () => {
  it('hands out whole frames however the chunks cut them, and notes when the peer last sent', async () => {
    const { framed, peer, seen, handled, closed } = await framedPair(64);
    const first = rawFrame(FrameKind.Ping, [1, 2, 3]);
    const second = rawFrame(FrameKind.Pong, [4]);
    const before = framed.lastReceivedAt;
    peer.write(first.subarray(0, 2));
    await handled(1);
    expect(seen.frames).toEqual([]);
    peer.write(Buffer.concat([first.subarray(2), second]));
    await handled(2);
    expect(seen.frames).toEqual([first, second]);
    expect(framed.lastReceivedAt).toBeGreaterThan(before);
    expect(framed.remote).toMatch(/^127\.0\.0\.1:\d+$/);
    peer.destroy();
    await closed();
    expect(seen.closed).toEqual(['peer_closed']);
    expect(framed.closing).toBe(true);
  });

  it('refuses a frame over the limit, reads nothing after, and the peer gets the Error frame', async () => {
    const { framed, peer, seen, handled, closed } = await framedPair(8);
    const received = new FrameDecoder();
    const fromBroker: Buffer[] = [];
    peer.on('data', (chunk: Buffer) => received.push(chunk, (frame) => void fromBroker.push(Buffer.from(frame))));
    const ended = once(peer, 'end');
    peer.write(Buffer.concat([rawFrame(FrameKind.Ping, [1]), rawFrame(FrameKind.Ping, new Array(20).fill(7))]));
    await handled(1);
    expect(seen.frames).toEqual([rawFrame(FrameKind.Ping, [1])]);
    expect(seen.errors).toHaveLength(1);
    expect((seen.errors[0] as CdnProtocolError).code).toBe(ErrorCode.FrameTooLarge);
    expect(framed.closing).toBe(true);
    // Closing: a later chunk is not read.
    peer.write(rawFrame(FrameKind.Ping, [2]));
    await ended;
    expect(fromBroker.map((frame) => decodeFrame(frame))).toEqual([
      { kind: FrameKind.Error, code: ErrorCode.FrameTooLarge, message: 'refused' },
    ]);
    peer.destroy();
    await closed();
    expect(seen.closed).toEqual([errorCodeName(ErrorCode.FrameTooLarge)]);
    expect(seen.chunks).toBe(1);
    expect(seen.flushes).toBe(1);
  });

  it('takes larger frames once the limit is raised, and closes at once with the reason destroy gives', async () => {
    const { framed, peer, seen, handled, closed } = await framedPair(8);
    framed.raiseLimit(64);
    const large = rawFrame(FrameKind.Ping, new Array(20).fill(7));
    peer.write(large);
    await handled(1);
    expect(seen.frames).toEqual([large]);
    expect(seen.errors).toEqual([]);
    const peerClosed = once(peer, 'close');
    framed.destroy('slow_peer');
    await peerClosed;
    await closed();
    expect(seen.closed).toEqual(['slow_peer']);
  });
});
