import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotReadyError, RequestBodyTooLargeError } from './api-errors';

/** The route whose body carries a transaction; the only route that takes a body. */
export const SUBMIT_PATH = '/v0/submit/submit';
/** Body limit of every other route, in bytes (none of them takes a body). */
export const OTHER_ROUTES_BODY_LIMIT = 16 * 1024;
/** Largest maxTxBytes a network can have: the field is a uint32 in the CDN's Welcome. */
const MAX_TX_BYTES_CEILING = 0xffffffff;

/** Largest request body the submit route reads, in bytes: a transaction in base64 plus JSON framing. */
export function maxBodyBytes(maxTxBytes: number): number {
  return Math.ceil(maxTxBytes / 3) * 4 + 1024;
}

/**
 * Bounds the submit route's body by the network's `maxTxBytes`, which a node learns only when it joins (so
 * Fastify's static per-route bodyLimit cannot carry it). Before the node knows it, submit answers 503 without
 * reading the body. A Content-Length over the bound is answered 413 before any of the body is read; a body
 * without one (chunked) is cut off with 413 as soon as it passes the bound. Either way the response says
 * `Connection: close` and the server stops reading that connection, so an oversized post costs at most the bound.
 */
export function limitSubmitBodies(fastify: FastifyInstance, maxTxBytes: () => number | undefined): void {
  const bound = (): { maxTxBytes: number; maxBodyBytes: number } => {
    const max = maxTxBytes();
    if (max === undefined) throw new NotReadyError('the node has not joined the network yet; retry shortly');
    return { maxTxBytes: max, maxBodyBytes: maxBodyBytes(max) };
  };
  const isSubmit = (request: FastifyRequest) => request.routeOptions.url === SUBMIT_PATH;
  fastify.addHook('onRoute', (route) => {
    // The hooks below enforce the network's bound; Fastify's own check only backs them up.
    if (route.url === SUBMIT_PATH) route.bodyLimit = maxBodyBytes(MAX_TX_BYTES_CEILING);
  });
  fastify.addHook('onRequest', async (request) => {
    if (!isSubmit(request)) return;
    const limit = bound();
    const header = request.headers['content-length'];
    const contentLength = header === undefined ? undefined : Number(header);
    if (contentLength !== undefined && contentLength > limit.maxBodyBytes) {
      throw new RequestBodyTooLargeError(limit.maxBodyBytes, limit.maxTxBytes, contentLength);
    }
  });
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!isSubmit(request)) return payload;
    const limit = bound();
    return payload.pipe(
      new BoundedBody(limit.maxBodyBytes, () => new RequestBodyTooLargeError(limit.maxBodyBytes, limit.maxTxBytes)),
    );
  });
}

/** Passes a body through until it passes `maxBytes`, then fails with the error `tooLarge` makes. */
class BoundedBody extends Transform {
  /** What Fastify's body parser reads to check the bytes that came off the wire. */
  receivedEncodedLength = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly tooLarge: () => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.receivedEncodedLength += chunk.length;
    if (this.receivedEncodedLength > this.maxBytes) callback(this.tooLarge());
    else callback(null, chunk);
  }
}
