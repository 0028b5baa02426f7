import { BadRequestError, NotFoundError } from '../api-errors';
import { parseUnsigned } from '../request-parsing';

/** What a stream carries: one message per height, in height order. */
export type StreamKind = 'blocks' | 'headers' | 'leaves';

/** A parsed stream request: `/v0/availability/stream/<kind>/<from>[?namespace=N]`. */
export interface StreamRequest {
  readonly kind: StreamKind;
  /** First height to send. */
  readonly from: number;
  /** Only for `blocks`: send this namespace's transactions and proof instead of whole blocks. */
  readonly namespace?: number;
}

/** Path prefix of the streams; the kind and the height follow. */
export const STREAM_PATH_PREFIX = '/v0/availability/stream/';
const KINDS: readonly StreamKind[] = ['blocks', 'headers', 'leaves'];
const MAX_NAMESPACE = 0xffffffff;

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
  if (!url.pathname.startsWith(STREAM_PATH_PREFIX) || rest.length !== 2 || !KINDS.includes(kind)) {
    throw new NotFoundError(
      'no stream at this path; streams are /v0/availability/stream/{blocks,headers,leaves}/:from',
      {
        path: url.pathname,
      },
    );
  }
  return { kind, from: parseUnsigned(rest[1], 'from'), ...parseQuery(kind, url.searchParams) };
}

/** The validated query of a stream of `kind`: at most one `namespace`, and only on `blocks`. */
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
  if (kind !== 'blocks') {
    throw new BadRequestError('namespace filters only the blocks stream', { field: 'namespace', kind });
  }
  return { namespace: parseUnsigned(values[0], 'namespace', MAX_NAMESPACE) };
}
