import { BadRequestError, NotFoundError } from '../api-errors';
import { MAX_NAMESPACE } from '@hotshot/sequencer-api';
import { parseUnsigned } from '../request-parsing';

/** What a stream carries: one message per height, in height order. */
export type StreamKind = 'blocks' | 'headers' | 'leaves' | 'transactions';

/**
 * A parsed stream request: `/v0/availability/stream/<kind>/<from>`, and for blocks and transactions
 * `.../<from>/namespace/<N>` or `.../<from>?namespace=N`.
 */
export interface StreamRequest {
  readonly kind: StreamKind;
  /** First height to send. */
  readonly from: number;
  /** Only for `blocks` and `transactions`: send this namespace's transactions (blocks: with their proof). */
  readonly namespace?: number;
}

/** Path prefix of the streams; the kind and the height follow. */
export const STREAM_PATH_PREFIX = '/v0/availability/stream/';
const KINDS: readonly StreamKind[] = ['blocks', 'headers', 'leaves', 'transactions'];
const FILTERED_KINDS: readonly StreamKind[] = ['blocks', 'transactions'];

/** Whether a request path (without the query) is one of the stream paths' shape, so it is ours to answer. */
export function isStreamPath(path: string): boolean {
  return path.startsWith(STREAM_PATH_PREFIX);
}

/**
 * Parses a stream request from its raw URL. Throws NotFoundError for an unknown kind or a path of the wrong
 * shape, BadRequestError (naming the field) for a bad height, namespace or query parameter.
 */
export function parseStreamRequest(rawUrl: string): StreamRequest {
  let url: URL;
  try {
    url = new URL(rawUrl, 'http://stream.invalid');
  } catch {
    throw new BadRequestError('the request URL does not parse', { field: 'url' });
  }
  const rest = url.pathname.slice(STREAM_PATH_PREFIX.length).split('/');
  const kind = rest[0] as StreamKind;
  const pathNamespace = rest.length === 4 && rest[2] === 'namespace' && FILTERED_KINDS.includes(kind);
  if (!url.pathname.startsWith(STREAM_PATH_PREFIX) || !KINDS.includes(kind) || (rest.length !== 2 && !pathNamespace)) {
    throw new NotFoundError(
      'no stream at this path; streams are /v0/availability/stream/{blocks,headers,leaves,transactions}/:from, ' +
        'and {blocks,transactions}/:from/namespace/:namespace',
      { path: url.pathname },
    );
  }
  const from = parseUnsigned(rest[1], 'from');
  const query = parseQuery(kind, url.searchParams);
  if (!pathNamespace) return { kind, from, ...query };
  if (query.namespace !== undefined) {
    throw new BadRequestError('namespace may be given once, in the path or the query', { field: 'namespace' });
  }
  return { kind, from, namespace: parseUnsigned(rest[3], 'namespace', MAX_NAMESPACE) };
}

/** The validated query of a stream of `kind`: at most one `namespace`, and only on `blocks` and `transactions`. */
export function parseQuery(kind: StreamKind, query: URLSearchParams): { namespace?: number } {
  for (const key of new Set(query.keys())) {
    if (key !== 'namespace') {
      throw new BadRequestError(`unknown query parameter ${JSON.stringify(key)}; streams take only namespace`, {
        field: key,
      });
    }
  }
  const values = query.getAll('namespace');
  if (values.length === 0) return {};
  if (values.length > 1) throw new BadRequestError('namespace may be given once', { field: 'namespace' });
  if (!FILTERED_KINDS.includes(kind)) {
    throw new BadRequestError('namespace filters only the blocks and transactions streams', {
      field: 'namespace',
      kind,
    });
  }
  return { namespace: parseUnsigned(values[0], 'namespace', MAX_NAMESPACE) };
}
