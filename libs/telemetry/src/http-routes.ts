import { BaseError, SchemaError, type JsonSchemaDecoder } from '@hotshot/protocol';

/** The methods a route can answer; a GET route answers HEAD too (Node leaves the body out). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** An answer: JSON (bigints as decimal strings) or text of a content type, with extra headers. */
export type HttpReply = { readonly status: number; readonly headers?: Readonly<Record<string, string>> } & (
  { readonly json: unknown } | { readonly text: string; readonly contentType: string }
);

/** A request body refused before the route's handler saw it; `status` is the HTTP status that says why. */
export class RequestBodyError extends BaseError {
  override name = 'RequestBodyError';
  constructor(
    readonly status: 400 | 413,
    message: string,
    options: ConstructorParameters<typeof BaseError>[1] = {},
  ) {
    super(message, options);
  }
}

/** The body is longer than the route reads (413); the connection is closed after the answer. */
export class BodyTooLargeError extends RequestBodyError {
  override name = 'BodyTooLargeError';
  constructor(maxBytes: number, contentLength?: number) {
    super(413, `the request body is larger than ${maxBytes} bytes`, {
      details: { maxBytes, ...(contentLength !== undefined && { contentLength }) },
    });
  }
}

/** The body is not JSON text (400). */
export class BodyNotJsonError extends RequestBodyError {
  override name = 'BodyNotJsonError';
  constructor() {
    super(400, 'the request body is not JSON');
  }
}

/** The body is JSON of another shape than the route's schema (400); the message names the first bad path. */
export class BodyShapeError extends RequestBodyError {
  override name = 'BodyShapeError';
  constructor(cause: SchemaError) {
    super(400, cause.shortMessage, { cause, details: { issues: cause.issues } });
  }
}

/**
 * One route as a server holds it: an exact path (the query is ignored), a method, and how it reads its body and
 * answers. Build one with {@link httpRoute} or {@link jsonBodyRoute}.
 */
export interface HttpRoute {
  readonly method: HttpMethod;
  readonly path: string;
  /** Most body bytes read (413 beyond); 0 for a route that takes no body: whatever is sent is drained unread. */
  readonly maxBodyBytes: number;
  /** Answers one request given its body's bytes (empty when none came); a throw is answered 500 and logged. */
  readonly answer: (body: Buffer) => HttpReply | Promise<HttpReply>;
  /** Answers a refused body in the route's own dialect (a JSON-RPC error); default {@link bodyErrorReply}. */
  readonly refuse: (error: RequestBodyError) => HttpReply;
}

/** A route that takes no body (its body, if any, is drained unread). */
export function httpRoute(method: HttpMethod, path: string, answer: () => HttpReply | Promise<HttpReply>): HttpRoute {
  return { method, path, maxBodyBytes: 0, answer: () => answer(), refuse: bodyErrorReply };
}

/** What a route with a JSON body is made of. */
export interface JsonBodyRouteSpec<B> {
  readonly method: Exclude<HttpMethod, 'GET'>;
  readonly path: string;
  /** The one schema of the body: nothing else decides whether it has the shape `handle` reads. */
  readonly schema: JsonSchemaDecoder<B>;
  /** Most body bytes read; a longer body is refused with BodyTooLargeError (413) before it is all read. */
  readonly maxBodyBytes: number;
  /** What an empty body stands for; without it an empty body is BodyNotJsonError. */
  readonly whenEmpty?: B;
  readonly handle: (body: B) => HttpReply | Promise<HttpReply>;
  /** Answers a refused body; default {@link bodyErrorReply}. */
  readonly refuse?: (error: RequestBodyError) => HttpReply;
}

/**
 * A route whose body is JSON of one schema: the handler gets the decoded value, and a body that is too long, not
 * JSON or of another shape is answered by `refuse` (400 or 413 with `{ error, message }` by default).
 */
export function jsonBodyRoute<B>(spec: JsonBodyRouteSpec<B>): HttpRoute {
  const refuse = spec.refuse ?? bodyErrorReply;
  return {
    method: spec.method,
    path: spec.path,
    maxBodyBytes: spec.maxBodyBytes,
    refuse,
    answer: (bytes) => {
      const body = decodeBody(bytes, spec);
      return body instanceof RequestBodyError ? refuse(body) : spec.handle(body);
    },
  };
}

function decodeBody<B>(bytes: Buffer, spec: JsonBodyRouteSpec<B>): B | RequestBodyError {
  if (bytes.length === 0 && spec.whenEmpty !== undefined) return spec.whenEmpty;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return new BodyNotJsonError();
  }
  const result = spec.schema.check(value);
  return result.ok ? result.value : new BodyShapeError(new SchemaError('request body', result.issues));
}

/** The default answer to a refused body: its status, `{ error: <class name>, message }`. */
export function bodyErrorReply(error: RequestBodyError): HttpReply {
  return { status: error.status, json: { error: error.name, message: error.shortMessage } };
}
