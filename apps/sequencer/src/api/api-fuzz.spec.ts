import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { aggregateSignatures, demoKeyPair, signDigest, signersToBitmap } from '@hotshot/crypto';
import { DEFAULT_CONSENSUS_CONFIG, finalityDigest } from '@hotshot/protocol';
import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import { buildDecidedChain } from '@hotshot/storage/testing';
import { JsonLogger } from '@hotshot/telemetry';
import { Mempool } from '../mempool/mempool';
import { startTestApi, type TestApi } from './testing/api-test-app';

/** Fixed, so a failure reproduces; fast-check prints the shrunk request. */
const SEED = 7_2026;
const HTTP_RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const WS_RUNS = 300;

const chain = buildDecidedChain(9n, [
  [{ namespace: 1, payload: Uint8Array.of(1, 2) }],
  [{ namespace: 2, payload: Uint8Array.of(3) }],
  [],
  [{ namespace: 1, payload: Uint8Array.of(4) }],
]);
const key = demoKeyPair('fuzz', 0);

const SEGMENTS = [
  ...['v0', 'availability', 'block', 'blocks', 'header', 'headers', 'leaf', 'leaves', 'hash', 'transaction'],
  ...['namespace', 'stream', 'status', 'block-height', 'time-since-last-decide', 'earliest-available-height'],
  ...['metrics', 'light-client', 'certificate', 'latest', 'config', 'hotshot', 'submit', 'docs', 'json', 'healthz'],
  ...['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-init.js', 'favicon-32x32.png', 'index.html'],
  ...['0', '1', '2', '3', '4', '5', '99', '-1', '1.5', '1e3', '00', '0x10', '4294967295', '4294967296'],
  ...['9007199254740991', '9007199254740993', '99999999999999999999999', chain[1]!.headerCommitment],
  ...[`0x${'00'.repeat(32)}`, '0x', '0xzz', '%00', '%zz', '%2F', '%2e%2e', '..', '.', '', '%20', '%C3%A9'],
  ...['%E2%82%AC', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'null', 'undefined', 'NaN'],
];
const segment = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...SEGMENTS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9%._~!$&'()*+,;=:@-]{0,16}$/) },
);
/** Route parameters: valid values, boundaries, and junk. */
const param = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }).map(String) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('4294967295', '4294967296', '9007199254740991', '9007199254740993', '-1', '1.5', ''),
  },
  { weight: 1, arbitrary: fc.constantFrom(chain[2]!.headerCommitment, `0x${'00'.repeat(32)}`, `0X${'AB'.repeat(32)}`) },
  { weight: 2, arbitrary: segment },
);
const ROUTES = [
  '/v0/availability/leaf/{}',
  '/v0/availability/leaf/{}/{}',
  '/v0/availability/header/{}',
  '/v0/availability/header/{}/{}',
  '/v0/availability/block/{}',
  '/v0/availability/block/{}/{}',
  '/v0/availability/block/{}/namespace/{}',
  '/v0/availability/block/hash/{}',
  '/v0/availability/transaction/hash/{}',
  '/v0/light-client/certificate/{}',
  '/v0/availability/stream/blocks/{}',
  '/v0/availability/stream/{}/{}',
  '/docs/{}',
];
/** The API's routes with fuzzed parameters, paths shaped like them, and anything else. */
const path = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...ROUTES), param, param)
      .map(([route, a, b]) => route.replace('{}', a).replace('{}', b)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('/v0/availability/', '/v0/availability/block/', '/v0/light-client/', '/v0/status/', '/docs/'),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
      )
      .map(([prefix, rest]) => prefix + rest.join('/')),
  },
  { weight: 1, arbitrary: fc.array(segment, { maxLength: 6 }).map((parts) => `/${parts.join('/')}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('/v0/submit/submit', '/v0/config/hotshot', '/healthz', '/docs', '/docs/json'),
  },
);
const query = fc.option(
  fc
    .array(fc.tuple(fc.constantFrom('namespace', 'from', 'until', 'x', '', '__proto__', '%zz'), segment), {
      maxLength: 3,
    })
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  { nil: '' },
);
const body = fc.option(
  fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .record({
        namespace: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.bigInt().map(String)),
        payload: fc.oneof(fc.base64String(), fc.string(), fc.integer(), fc.constant(null)),
      })
      .map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.string({ minLength: 3000, maxLength: 5000 }),
  ),
  { nil: undefined },
);
const contentType = fc.option(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'application/json; charset=latin1',
    'bogus',
  ),
  { nil: undefined },
);
const method = fc.constantFrom('GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');

interface Reply {
  status: number;
  contentType: string;
  text: string;
}

describe('the API under fuzzed requests', () => {
  // Thousands of requests one after another: on a loaded machine that takes minutes, which is slow, not wrong
  // (each request still has its own 5 s limit below).
  jest.setTimeout(600_000);
  let store: AvailabilityStore;
  let api: TestApi;
  const errors: string[] = [];
  const answered: { route: string; status: number }[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });

  beforeAll(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    await store.appendDecided(chain);
    const digest = finalityDigest(9n, 3, chain[3]!.headerCommitment);
    await store.putFinalityCertificate({
      height: 3,
      headerCommitment: chain[3]!.headerCommitment,
      certificate: {
        signers: signersToBitmap([0], 1),
        signature: aggregateSignatures([signDigest(key.secretKey, digest)]),
      },
    });
    await store.pruneBelow(1);
    const mempool = new Mempool({ maxTxBytes: 64, maxPendingTxs: 1e6, maxPendingBytes: 1e9, decidedMemory: 10 });
    const log = new JsonLogger({ level: 'error', sink: (line) => errors.push(line) });
    api = await startTestApi({
      store,
      log,
      submit: { submit: async (tx) => mempool.submit(tx) },
      config: {
        current: () => ({ config: DEFAULT_CONSENSUS_CONFIG, stakeTable: [{ publicKey: key.publicKey, stake: 1n }] }),
      },
      maxTxBytes: 64,
      onAnswered: (route, status) => answered.push({ route, status }),
    });
  });
  // One test's logged error must not fail the next.
  beforeEach(() => errors.splice(0));
  afterAll(async () => {
    agent.destroy();
    await api.close();
    await store.close();
  });

  const send = (m: string, target: string, payload?: string, type?: string) =>
    new Promise<Reply>((resolve, reject) => {
      const { port } = new URL(api.url);
      const headers: Record<string, string> = {};
      if (type !== undefined) headers['content-type'] = type;
      // Node sends a GET's body without framing unless told its length; the server would read it as a request.
      if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
      const req = request({ host: '127.0.0.1', port, method: m, path: target, headers, agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text }),
        );
      });
      req.on('error', reject);
      // A request left unanswered is a finding too, not a reason to wait for Jest's timeout.
      req.setTimeout(5000, () => req.destroy(new Error(`no answer to ${m} ${target} within 5 s`)));
      req.end(payload);
    });

  /** Never a 5xx; JSON unless it is the documentation page or metrics; errors as `{ error, message }`. */
  const expectJsonAnswer = async (m: string, target: string, b?: string, t?: string): Promise<number> => {
    const reply = await send(m, target, b, t);
    expect(reply.status).toBeGreaterThanOrEqual(200);
    expect(reply.status).toBeLessThan(500);
    if (m === 'HEAD') return reply.status;
    const p = target.split('?')[0]!;
    const documentation = /^\/docs(\/|$)/.test(p) || p === '/v0/status/metrics';
    if (reply.status < 300 && documentation) return reply.status;
    expect(reply.contentType).toContain('application/json');
    const parsed = JSON.parse(reply.text) as unknown;
    if (reply.status >= 400) {
      expect(parsed).toEqual(expect.objectContaining({ error: expect.any(String), message: expect.any(String) }));
    }
    return reply.status;
  };

  it('answers every route with every pair of boundary parameters', async () => {
    const values = ['0', '1', '4', '5', '4294967295', '4294967296', '9007199254740991', '9007199254740993', '-1'];
    values.push('1.5', '', '%00', 'latest', chain[2]!.headerCommitment, `0x${'00'.repeat(32)}`);
    for (const route of ROUTES) {
      for (const a of values) {
        for (const b of route.split('{}').length > 2 ? values : ['']) {
          const target = route.replace('{}', a).replace('{}', b);
          try {
            await expectJsonAnswer('GET', target);
          } catch (error) {
            throw new Error(`GET ${target}: ${String(error)}`, { cause: error });
          }
        }
      }
    }
    expect(errors).toEqual([]);
  });

  it(`answers ${HTTP_RUNS} random requests with a 2xx-4xx and JSON, never a 5xx, counting each`, async () => {
    answered.splice(0);
    let sent = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(method, path, query, body, contentType, async (m, p, q, b, t) => {
        sent++;
        if ((await expectJsonAnswer(m, p + q, b, t)) >= 400) refused++;
      }),
      { numRuns: HTTP_RUNS, seed: SEED },
    );
    expect(errors).toEqual([]);
    expect((await send('GET', '/healthz')).status).toBe(200);
    // Every answer reaches the metrics hook, labelled by route pattern (never the fuzzed path itself).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toHaveLength(sent + 1);
    expect(answered.filter((a) => a.status >= 400)).toHaveLength(refused);
    const routes = new Set(answered.map((a) => a.route));
    for (const route of routes) expect(['unmatched', 'malformed'].includes(route) || route.startsWith('/')).toBe(true);
    expect(routes.size).toBeLessThan(40);
  });

  it('counts a request too broken to parse as malformed', async () => {
    answered.splice(0);
    const { port } = new URL(api.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end('GARBAGE \x00\x01 HTTP/9.9\r\n\r\n'));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
      socket.resume();
    });
    expect(answered).toEqual([{ route: 'malformed', status: 400 }]);
  });

  it(`answers ${WS_RUNS} random stream handshakes with an upgrade or a JSON 4xx`, async () => {
    const wsPath = fc
      .tuple(fc.constantFrom('blocks', 'headers', 'leaves', 'block', ''), segment, query)
      .map(([kind, from, q]) => `/v0/availability/stream/${kind}/${from}${q}`);
    const handshake = (target: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const socket = new WebSocket(`${api.wsUrl}${target}`);
        socket.once('open', () => {
          socket.terminate();
          resolve({ status: 101, text: '' });
        });
        socket.once('unexpected-response', (_req, res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        socket.once('error', (error) => reject(error));
      });
    await fc.assert(
      fc.asyncProperty(fc.oneof(wsPath, path), async (target) => {
        let reply: { status: number; text: string };
        try {
          reply = await handshake(target);
        } catch (error) {
          // The ws client itself refuses some URLs before sending anything.
          if (error instanceof SyntaxError) return;
          throw error;
        }
        expect(reply.status === 101 || (reply.status >= 400 && reply.status < 500)).toBe(true);
        if (reply.status !== 101) expect(JSON.parse(reply.text)).toHaveProperty('error');
      }),
      { numRuns: WS_RUNS, seed: SEED },
    );
    expect(errors).toEqual([]);
  });
});
