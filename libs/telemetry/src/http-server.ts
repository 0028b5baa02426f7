import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyTooLargeError, type HttpReply, type HttpRoute } from './http-routes';
import { silentLogger, type Logger } from './logger';

/** How long a connection refused for its body's size is still read (and discarded) after the 413, in ms. */
const LINGER_MS = 1000;

/** Where a server listens and what it answers. */
export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Every route, by exact path and method; another path is 404 (listing the paths), another method 405. */
  readonly routes: readonly HttpRoute[];
  /** Where a handler's throw is logged (it is answered 500); default silent. */
  readonly log?: Logger;
}

/** A running HTTP server. */
export interface HttpServer {
  /** `http://host:port`, with the port bound (the one asked for, or the one picked for port 0). */
  readonly url: string;
  readonly port: number;
  /** Stops listening and drops open connections (a client's keep-alive must not hold shutdown). */
  close(): Promise<void>;
}

/**
 * The one HTTP listener every binary's endpoints run on (operations, the L2 JSON-RPC, the dev API). A body is read
 * only for a route that takes one and only up to its bound: a Content-Length over it is refused before reading, a
 * chunked body as soon as it passes it, with 413 and `Connection: close` (see {@link lingerThenClose}).
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const log = options.log ?? silentLogger;
  const byPath = new Map<string, HttpRoute[]>();
  for (const route of options.routes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route]);
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const candidates = byPath.get(path);
    if (!candidates) {
      request.resume();
      return send(response, {
        status: 404,
        json: { error: 'NotFound', message: `no route ${path}`, routes: [...byPath.keys()] },
      });
    }
    const route = candidates.find(
      (r) => r.method === request.method || (r.method === 'GET' && request.method === 'HEAD'),
    );
    if (!route) {
      request.resume();
      const allow = candidates.flatMap((r) => (r.method === 'GET' ? ['GET', 'HEAD'] : [r.method])).join(', ');
      return send(response, {
        status: 405,
        json: { error: 'MethodNotAllowed', message: `${path} answers ${allow}` },
        headers: { allow },
      });
    }
    serve(route, request, response).catch((error: unknown) => {
      log.warn('HTTP request failed', { path, error });
      send(response, {
        status: 500,
        json: { error: 'InternalError', message: error instanceof Error ? error.message : String(error) },
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(route: HttpRoute, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (route.maxBodyBytes === 0) {
    // The route reads no body: drain it so the connection can be reused.
    request.resume();
    return send(response, await route.answer(Buffer.alloc(0)));
  }
  const body = await readBody(request, route.maxBodyBytes);
  if (body instanceof BodyTooLargeError) {
    lingerThenClose(request, response);
    const reply = route.refuse(body);
    return send(response, { ...reply, headers: { ...reply.headers, connection: 'close' } });
  }
  send(response, await route.answer(body));
}

/** The body's bytes, or BodyTooLargeError once more than `maxBytes` arrived (the rest is then left unread). */
function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | BodyTooLargeError> {
  const header = request.headers['content-length'];
  const declared = header === undefined ? undefined : Number(header);
  if (declared !== undefined && declared > maxBytes) return Promise.resolve(new BodyTooLargeError(maxBytes, declared));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      request.off('data', onData);
      chunks.length = 0;
      resolve(new BodyTooLargeError(maxBytes));
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Closes a connection refused for its body's size gracefully. Node ends a `Connection: close` response by
 * destroying the socket as soon as the response is out; with the client still sending, the unread bytes turn that
 * into a TCP reset, which can discard the 413 before the client reads it. So, as web servers' lingering close
 * does, the rest of the body is read and discarded for LINGER_MS more, then the socket is destroyed.
 */
export function lingerThenClose(request: IncomingMessage, response: ServerResponse): void {
  const socket = request.socket;
  response.once('finish', () => {
    // Node's own handler ran first and asked for the socket to be destroyed once its FIN is out.
    socket.removeListener('finish', socket.destroy);
    request.resume();
    socket.resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}

/** Writes a reply unless one was sent already (a handler that answered, then threw). */
function send(response: ServerResponse, reply: HttpReply): void {
  if (response.headersSent) return void response.end();
  if ('text' in reply) {
    response.writeHead(reply.status, { 'content-type': reply.contentType, ...reply.headers }).end(reply.text);
    return;
  }
  response
    .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
    .end(JSON.stringify(reply.json, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
}
