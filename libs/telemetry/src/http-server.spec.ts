import { request as httpRequest } from 'node:http';
import { Type } from '@sinclair/typebox';
import { jsonSchema } from '@hotshot/protocol';
import { BodyTooLargeError, httpRoute, jsonBodyRoute } from './http-routes';
import { startHttpServer, type HttpServer } from './http-server';
import { JsonLogger } from './logger';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * One request over a real socket. `chunks` are written one at a time without a Content-Length (chunked), so the
 * server sees the body arrive after it may have answered; `headers` may declare a length of their own.
 */
function send(
  url: string,
  method: string,
  path: string,
  options: { body?: string; chunks?: readonly string[]; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A body goes with its length: without one, Node frames only a POST or PUT body (chunked), not a GET's.
    const length = options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) };
    const headers = { ...length, ...options.headers };
    const req = httpRequest(`${url}${path}`, { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }),
      );
    });
    req.on('error', reject);
    if (options.chunks) {
      const rest = [...options.chunks];
      const next = (): void => {
        const chunk = rest.shift();
        if (chunk === undefined) return void req.end();
        // The server may have answered and closed: the write then fails, which is what a real client sees too.
        req.write(chunk, (error) => (error ? undefined : setImmediate(next)));
      };
      next();
    } else {
      req.end(options.body);
    }
  });
}

const TransferJson = Type.Object({ to: Type.String({ minLength: 1 }), amount: Type.Integer({ minimum: 1 }) });

describe('the HTTP server of the operations library', () => {
  const lines: string[] = [];
  const received: unknown[] = [];
  let server: HttpServer;

  beforeAll(async () => {
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      log: new JsonLogger({ level: 'warn', sink: (line) => lines.push(line) }),
      routes: [
        httpRoute('GET', '/status', () => ({ status: 200, json: { height: 12n } })),
        httpRoute('GET', '/broken', () => {
          throw new Error('the handler broke');
        }),
        jsonBodyRoute({
          method: 'POST',
          path: '/transfer',
          schema: jsonSchema(TransferJson),
          maxBodyBytes: 64,
          handle: (body) => {
            received.push(body);
            return { status: 201, json: { accepted: body.amount } };
          },
        }),
        jsonBodyRoute({
          method: 'PUT',
          path: '/status',
          schema: jsonSchema(Type.Object({ note: Type.Optional(Type.String()) })),
          maxBodyBytes: 64,
          whenEmpty: {},
          handle: (body) => ({ status: 200, json: body }),
          refuse: (error) => ({
            status: error instanceof BodyTooLargeError ? 413 : 422,
            text: `refused: ${error.name}`,
            contentType: 'text/plain',
          }),
        }),
      ],
    });
  });
  afterAll(() => server.close());

  it('answers a route without a body as JSON, bigints as decimal strings, query ignored, HEAD without a body', async () => {
    const answer = await send(server.url, 'GET', '/status?verbose=1', { body: 'ignored' });
    expect([answer.status, answer.headers['content-type'], answer.body]).toEqual([
      200,
      'application/json',
      '{"height":"12"}',
    ]);
    expect(await send(server.url, 'HEAD', '/status')).toMatchObject({ status: 200, body: '' });
  });

  it('hands a body of the route’s schema to its handler, decoded', async () => {
    const answer = await send(server.url, 'POST', '/transfer', { body: '{"to":"bob","amount":5}' });
    expect([answer.status, JSON.parse(answer.body)]).toEqual([201, { accepted: 5 }]);
    expect(received).toEqual([{ to: 'bob', amount: 5 }]);
  });

  it('refuses a body of another shape with 400 naming the first bad field, and one that is not JSON', async () => {
    const wrong = await send(server.url, 'POST', '/transfer', { body: '{"to":"bob","amount":"5"}' });
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.body)).toEqual({
      error: 'BodyShapeError',
      message: 'request body: /amount Expected integer',
    });
    for (const body of ['{"to":', '', 'null', '[]', '{"to":"","amount":1}']) {
      const answer = await send(server.url, 'POST', '/transfer', { body });
      expect([body, answer.status]).toEqual([body, 400]);
      expect(JSON.parse(answer.body).error).toMatch(/^Body(NotJson|Shape)Error$/);
    }
    expect(JSON.parse((await send(server.url, 'POST', '/transfer', { body: 'x' })).body)).toEqual({
      error: 'BodyNotJsonError',
      message: 'the request body is not JSON',
    });
    expect(received).toHaveLength(1);
  });

  it('refuses a Content-Length over the bound with 413 before reading, and closes the connection', async () => {
    const answer = await send(server.url, 'POST', '/transfer', { body: `{"to":"${'b'.repeat(100)}","amount":1}` });
    expect([answer.status, answer.headers.connection]).toEqual([413, 'close']);
    expect(JSON.parse(answer.body)).toEqual({
      error: 'BodyTooLargeError',
      message: 'the request body is larger than 64 bytes',
    });
  });

  it('cuts a chunked body off with 413 once it passes the bound, and the client still reads the answer', async () => {
    const chunks = ['{"to":"', ...Array.from({ length: 200 }, () => 'b'.repeat(1024)), '","amount":1}'];
    const answer = await send(server.url, 'POST', '/transfer', { chunks });
    expect([answer.status, answer.headers.connection, JSON.parse(answer.body).error]).toEqual([
      413,
      'close',
      'BodyTooLargeError',
    ]);
    expect(received).toHaveLength(1);
  });

  it('lets a route answer refused bodies in its own dialect, and stand an empty body for a value', async () => {
    expect(await send(server.url, 'PUT', '/status')).toMatchObject({ status: 200, body: '{}' });
    expect(await send(server.url, 'PUT', '/status', { body: '{"note":"hi"}' })).toMatchObject({
      status: 200,
      body: '{"note":"hi"}',
    });
    expect(await send(server.url, 'PUT', '/status', { body: '{"note":1}' })).toMatchObject({
      status: 422,
      body: 'refused: BodyShapeError',
    });
    expect(await send(server.url, 'PUT', '/status', { body: 'x'.repeat(65) })).toMatchObject({
      status: 413,
      body: 'refused: BodyTooLargeError',
    });
  });

  it('answers 404 naming the paths for another path, 405 with Allow for another method', async () => {
    const missing = await send(server.url, 'GET', '/statusx');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({
      error: 'NotFound',
      message: 'no route /statusx',
      routes: ['/status', '/broken', '/transfer'],
    });
    const wrong = await send(server.url, 'DELETE', '/status');
    expect([wrong.status, wrong.headers.allow]).toEqual([405, 'GET, HEAD, PUT']);
    expect((await send(server.url, 'GET', '/transfer')).headers.allow).toBe('POST');
  });

  it('answers 500 with the message when a handler throws, logs it, and keeps serving', async () => {
    const answer = await send(server.url, 'GET', '/broken');
    expect([answer.status, JSON.parse(answer.body)]).toEqual([
      500,
      { error: 'InternalError', message: 'the handler broke' },
    ]);
    expect(lines.some((line) => line.includes('HTTP request failed') && line.includes('/broken'))).toBe(true);
    expect((await send(server.url, 'GET', '/status')).status).toBe(200);
  });

  it('closes while a client holds a keep-alive connection', async () => {
    const other = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [] });
    expect((await fetch(`${other.url}/`, { headers: { connection: 'keep-alive' } })).status).toBe(404);
    await other.close();
    await expect(fetch(`${other.url}/`)).rejects.toThrow();
  });
});
