import { WebSocket } from 'ws';

/** A test client of one stream: every message parsed, and how the stream ended. */
export interface StreamClient {
  readonly socket: WebSocket;
  readonly messages: Record<string, unknown>[];
  /** Heights of the messages so far. */
  heights(): number[];
  /**
   * Resolves once `predicate` holds for the messages received (checked on each message); rejects when the stream
   * closes first or `timeoutMs` (default 10 s) passes.
   */
  waitFor(
    predicate: (messages: Record<string, unknown>[]) => boolean,
    what?: string,
    timeoutMs?: number,
  ): Promise<void>;
  /** Resolves with the close code and reason once the connection is closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
}

/** Opens `url` and collects its messages (tests only). Rejects when the handshake is refused. */
export async function openStream(
  url: string,
  options: { paused?: boolean; localAddress?: string } = {},
): Promise<StreamClient> {
  const socket = new WebSocket(url, { ...(options.localAddress && { localAddress: options.localAddress }) });
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let ended = false;
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => {
      ended = true;
      waiters.forEach((check) => check());
      resolve({ code, reason: reason.toString() });
    }),
  );
  socket.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
    waiters.forEach((check) => check());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
  });
  // A client that never reads: its kernel buffer fills and the server's socket backs up.
  if (options.paused) (socket as unknown as { _socket: { pause(): void } })._socket.pause();
  return {
    socket,
    messages,
    heights: () => messages.map((m) => m.height as number),
    closed,
    waitFor: (predicate, what = 'messages', timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const got = () => messages.map((m) => m.height).join(',');
        const timer = setTimeout(
          () => finish(new Error(`no ${what} within ${timeoutMs} ms; got heights ${got()}`)),
          timeoutMs,
        );
        const finish = (error?: Error) => {
          waiters.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (predicate(messages)) finish();
          else if (ended) finish(new Error(`stream closed before ${what}; got heights ${got()}`));
        };
        waiters.add(check);
        check();
      }),
  };
}

/** The status and JSON body of a refused stream handshake (tests only). */
export async function refusal(
  url: string,
  localAddress?: string,
): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }> {
  const socket = new WebSocket(url, { ...(localAddress && { localAddress }) });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.terminate();
      reject(new Error(`${url} was accepted`));
    });
    socket.once('error', () => undefined);
    socket.once('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        socket.terminate();
        try {
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(text) as Record<string, unknown>,
            headers: res.headers,
          });
        } catch {
          reject(new Error(`refusal body is not JSON: ${text}`));
        }
      });
    });
  });
}
