import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_BATCH_TRANSACTIONS } from '@hotshot/sequencer-api';
import { lingerThenClose } from '@hotshot/telemetry';
import { NotReadyError, RequestBodyTooLargeError } from './api-errors';

/** The route whose body carries a transaction. */
export const SUBMIT_PATH = '/v0/submit/submit';
/** The route whose body carries several transactions; with SUBMIT_PATH, the only routes that take a body. */
export const SUBMIT_BATCH_PATH = '/v0/submit/batch';
/** JSON framing of one batch element besides its base64 (`{"namespace":4294967295,"payload":""},` is 38). */
const BATCH_ITEM_FRAMING_BYTES = 64;
/** Body limit of every other route, in bytes (none of them takes a body). */
export const OTHER_ROUTES_BODY_LIMIT = 16 * 1024;
/** Largest maxTxBytes a network can have: the field is a uint32 in the CDN's Welcome. */
const MAX_TX_BYTES_CEILING = 0xffffffff;

/** Largest request body the submit route reads, in bytes: a transaction in base64 plus JSON framing. */
export function maxBodyBytes(maxTxBytes: number): number {
  return Math.ceil(maxTxBytes / 3) * 4 + 1024;
}

/**
 * Largest request body the batch route reads, in bytes: the bytes of one largest transaction, however they are
 * split, plus the framing of MAX_BATCH_TRANSACTIONS elements. A batch costs a node no more memory to read than a
 * single submit; many transactions larger in total go in several batches.
 */
export function maxBatchBodyBytes(maxTxBytes: number): number {
  return maxBodyBytes(maxTxBytes) + MAX_BATCH_TRANSACTIONS * BATCH_ITEM_FRAMING_BYTES;
}

/** The body bound of each route that takes one, given the network's maxTxBytes. */
const BODY_BOUNDS: Record<string, (maxTxBytes: number) => number> = {
  [SUBMIT_PATH]: maxBodyBytes,
  [SUBMIT_BATCH_PATH]: maxBatchBodyBytes,
};

/**
 * Bounds the submit routes' bodies by the network's `maxTxBytes` (BODY_BOUNDS), which a node learns only when it
 * joins (so Fastify's static per-route bodyLimit cannot carry it). Before the node knows it, submit answers 503
 * without reading the body. A Content-Length over the bound is answered 413 before any of the body is read; a
 * body without one (chunked) is cut off with 413 as soon as it passes the bound. Either way the response says
 * `Connection: close` and the connection is closed shortly after (see {@link lingerThenClose}), so an oversized
 * post costs at most the bound in memory and a second of reading.
 */
export function limitSubmitBodies(fastify: FastifyInstance, maxTxBytes: () => number | undefined): void {
  const bound = (request: FastifyRequest): { maxTxBytes: number; maxBodyBytes: number } | undefined => {
    const route = request.routeOptions.url;
    const boundOf = route === undefined ? undefined : BODY_BOUNDS[route];
    if (!boundOf) return undefined;
    const max = maxTxBytes();
    if (max === undefined) throw new NotReadyError('the node has not joined the network yet; retry shortly');
    return { maxTxBytes: max, maxBodyBytes: boundOf(max) };
  };
  fastify.addHook('onRoute', (route) => {
    // The hooks below enforce the network's bound; Fastify's own check only backs them up.
    const boundOf = BODY_BOUNDS[route.url];
    if (boundOf) route.bodyLimit = boundOf(MAX_TX_BYTES_CEILING);
  });
  fastify.addHook('onRequest', async (request, reply) => {
    const limit = bound(request);
    if (!limit) return;
    const header = request.headers['content-length'];
    const contentLength = header === undefined ? undefined : Number(header);
    if (contentLength !== undefined && contentLength > limit.maxBodyBytes) {
      lingerThenClose(request.raw, reply.raw);
      throw new RequestBodyTooLargeError(limit.maxBodyBytes, limit.maxTxBytes, contentLength);
    }
  });
  fastify.addHook('preParsing', async (request, reply, payload) => {
    const limit = bound(request);
    if (!limit) return payload;
    return payload.pipe(
      new BoundedBody(limit.maxBodyBytes, () => {
        lingerThenClose(request.raw, reply.raw);
        return new RequestBodyTooLargeError(limit.maxBodyBytes, limit.maxTxBytes);
      }),
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
