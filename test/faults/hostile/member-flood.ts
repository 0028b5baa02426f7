import { connect } from 'node:net';
import {
  FrameDecoder,
  FrameKind,
  Topic,
  createAuthenticate,
  decodeFrame,
  encodeBroadcast,
  encodeFrame,
} from '@hotshot/cdn';
import type { BlsKeyPair } from '@hotshot/crypto';

const MiB = 1024 * 1024;

/** What a member flood did and how it ended. */
export interface MemberFloodResult {
  /** Whether the broker admitted the flooder (an Authenticated frame) before it flooded. */
  authenticated: boolean;
  /** Broadcast frames handed to the socket, and their bytes. */
  framesSent: number;
  bytesSent: number;
  /** The Error the broker closed the flooder with (libs/cdn ErrorCode), when it did. */
  errorCode: number | undefined;
  errorMessage: string | undefined;
  /** Whether the broker closed the connection within the time allowed. */
  closedByBroker: boolean;
  durationMs: number;
}

/**
 * Issue 17, finding 4 as a running attack: a roster member (authenticated with `key`, whose own node is stopped)
 * broadcasts `frameBytes` frames of junk as fast as its socket takes them, until the broker closes it or `maxMs`
 * passes. It reads what it is sent, to find the Error frame the broker closes it with.
 */
export async function floodAsMember(options: {
  readonly port: number;
  readonly key: BlsKeyPair;
  readonly frameBytes?: number;
  readonly maxMs: number;
}): Promise<MemberFloodResult> {
  const started = Date.now();
  const frameBytes = options.frameBytes ?? 4 * MiB;
  const socket = connect({ host: '127.0.0.1', port: options.port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const result: MemberFloodResult = {
    authenticated: false,
    framesSent: 0,
    bytesSent: 0,
    errorCode: undefined,
    errorMessage: undefined,
    closedByBroker: false,
    durationMs: 0,
  };
  let authenticated!: () => void;
  const admitted = new Promise<void>((resolve) => (authenticated = resolve));
  const decoder = new FrameDecoder(16 * MiB);
  socket.on('data', (chunk: Buffer) =>
    decoder.push(chunk, (frame) => {
      const message = decodeFrame(frame);
      if (message.kind === FrameKind.Authenticated) {
        result.authenticated = true;
        authenticated();
      } else if (message.kind === FrameKind.Error && result.errorCode === undefined) {
        result.errorCode = message.code;
        result.errorMessage = message.message;
      }
    }),
  );
  socket.on('error', () => undefined);
  let stoppedByUs = false;
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      result.closedByBroker = !stoppedByUs;
      resolve();
    }),
  );
  socket.write(encodeFrame(createAuthenticate(options.key, Date.now())));
  await Promise.race([admitted, closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (result.authenticated) {
    const junk = encodeBroadcast(1 << Topic.Global, new Uint8Array(frameBytes).fill(0xaa));
    const pump = () => {
      while (!socket.destroyed && socket.writable) {
        result.framesSent++;
        result.bytesSent += junk.length;
        if (!socket.write(junk)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }
  const timer = setTimeout(() => {
    stoppedByUs = true;
    socket.destroy();
  }, options.maxMs);
  await closed;
  clearTimeout(timer);
  result.durationMs = Date.now() - started;
  return result;
}
