import { connect } from 'node:net';
import { Prng } from '@hotshot/consensus/testing';

/** Options of one fuzzing burst against a node's live HTTP API. */
export interface HttpFuzzOptions {
  readonly baseUrl: string;
  readonly requests: number;
  /** Connections that send malformed HTTP (not a request fetch could make). */
  readonly rawConnections: number;
  readonly seed: number;
  /** Bytes of one oversized transaction payload (the network's maxTxBytes + 1); a couple are sent per burst. */
  readonly oversizedPayloadBytes: number;
}

/** What the burst saw. */
export interface HttpFuzzResult {
  sent: number;
  byStatus: Record<string, number>;
  /** Answers 500 and above other than 503: each is a bug (an unexpected error reached the client). */
  serverErrors: { method: string; path: string; status: number; body: string }[];
  /** Requests that got no answer within the timeout. */
  unanswered: { method: string; path: string }[];
  rawConnections: number;
  durationMs: number;
}

const CONCURRENCY = 8;
const TIMEOUT_MS = 5000;

const HEIGHTS = [
  '0',
  '1',
  '2',
  '-1',
  '1.5',
  'abc',
  '',
  '%20',
  '1e3',
  '0x10',
  '00001',
  '9007199254740993',
  '18446744073709551616',
  '99999999999999999999999999',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  'NaN',
  'Infinity',
  '٣',
];
const GET_ROUTES = [
  '/v0/status/block-height',
  '/v0/status/time-since-last-decide',
  '/v0/status/earliest-available-height',
  '/v0/status/metrics',
  '/healthz',
  '/v0/config/hotshot',
  '/docs',
  '/v0/availability/leaf/{h}',
  '/v0/availability/leaf/{h}/{h}',
  '/v0/availability/header/{h}',
  '/v0/availability/header/{h}/{h}',
  '/v0/availability/block/{h}',
  '/v0/availability/block/{h}/{h}',
  '/v0/availability/block/hash/{hash}',
  '/v0/availability/block/{h}/namespace/{h}',
  '/v0/availability/transaction/hash/{hash}',
  '/v0/availability/stream/blocks/{h}',
  '/v0/availability/stream/leaves/{h}?namespace={h}',
  '/v0/light-client/certificate/latest',
  '/v0/light-client/certificate/{h}',
  '/v0/{junk}',
  '/{junk}/{junk}',
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'application/json; charset=latin1',
  'application/octet-stream',
];

/**
 * Fuzzes a node's HTTP API as a client would reach it: random routes with hostile path parameters, wrong methods,
 * and submit bodies of every wrong shape (bad JSON, wrong types, bad base64, deep nesting, oversized payloads),
 * then connections that speak broken HTTP. A 5xx other than 503 or a request left unanswered is a finding.
 */
export async function fuzzNodeApi(options: HttpFuzzOptions): Promise<HttpFuzzResult> {
  const started = Date.now();
  const rng = new Prng(options.seed);
  const result: HttpFuzzResult = {
    sent: 0,
    byStatus: {},
    serverErrors: [],
    unanswered: [],
    rawConnections: 0,
    durationMs: 0,
  };
  const requests = Array.from({ length: options.requests }, (_, i) =>
    i < 2 ? oversizedSubmit(options.oversizedPayloadBytes) : randomRequest(rng),
  );
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      result.sent++;
      try {
        const res = await fetch(`${options.baseUrl}${request.path}`, {
          method: request.method,
          headers: request.contentType ? { 'content-type': request.contentType } : {},
          body: request.body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        const body = await res.text();
        result.byStatus[res.status] = (result.byStatus[res.status] ?? 0) + 1;
        if (res.status >= 500 && res.status !== 503) {
          result.serverErrors.push({ method: request.method, path: request.path, status: res.status, body });
        }
      } catch {
        result.unanswered.push({ method: request.method, path: request.path });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const { port } = new URL(options.baseUrl);
  for (let i = 0; i < options.rawConnections; i++) {
    await sendRaw(Number(port), rawGarbage(rng));
    result.rawConnections++;
  }
  result.durationMs = Date.now() - started;
  return result;
}

interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType?: string;
  readonly body?: string | Uint8Array;
}

function oversizedSubmit(bytes: number): FuzzRequest {
  return {
    method: 'POST',
    path: '/v0/submit/submit',
    contentType: 'application/json',
    body: JSON.stringify({ namespace: 1, payload: Buffer.alloc(bytes, 7).toString('base64') }),
  };
}

function randomRequest(rng: Prng): FuzzRequest {
  if (rng.chance(0.4)) return randomSubmit(rng);
  const route = rng.pick(GET_ROUTES).replace(/\{(h|hash|junk)\}/g, (_, kind: string) => {
    if (kind === 'h') return rng.pick(HEIGHTS);
    if (kind === 'hash') return randomHash(rng);
    return encodeURIComponent(randomString(rng, rng.int(1, 40)));
  });
  const method = rng.chance(0.8) ? 'GET' : rng.pick(METHODS);
  const hasBody = method !== 'GET' && method !== 'HEAD' && rng.chance(0.5);
  return { method, path: route, ...(hasBody ? { contentType: rng.pick(CONTENT_TYPES), body: randomBody(rng) } : {}) };
}

function randomSubmit(rng: Prng): FuzzRequest {
  const method = rng.chance(0.9) ? 'POST' : rng.pick(METHODS.filter((m) => m !== 'GET' && m !== 'HEAD'));
  const path = rng.chance(0.9) ? '/v0/submit/submit' : `/v0/submit/${encodeURIComponent(randomString(rng, 8))}`;
  const contentType = rng.chance(0.8) ? 'application/json' : rng.pick(CONTENT_TYPES);
  return { method, path, contentType, body: randomBody(rng) };
}

function randomBody(rng: Prng): string | Uint8Array {
  const namespaces = [1, 0, -1, 1.5, 4294967295, 4294967296, '1', null, true, [], {}, 1e308, -0];
  const payloads = ['aGVsbG8=', '', '====', 'not base64!', 'aGVsbG8', 'a', 'aGVs-_8=', null, 42, ['aGk='], { a: 1 }];
  switch (rng.int(0, 9)) {
    case 0:
      return randomBytesOf(rng, rng.int(0, 2000));
    case 1:
      return '{"namespace": 1, "payload": "aGk="'; // truncated JSON
    case 2:
      return `${'['.repeat(5000)}${']'.repeat(5000)}`;
    case 3:
      return '{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}, "namespace": 1, "payload": "aGk="}';
    case 4:
      return JSON.stringify([{ namespace: 1, payload: 'aGk=' }]);
    case 5:
      return JSON.stringify(rng.pick(['null', 'true', '"string"', '12']));
    case 6:
      return JSON.stringify({ namespace: 1, payload: 'aGk=', extra: randomString(rng, 500) });
    default:
      return JSON.stringify({ namespace: rng.pick(namespaces), payload: rng.pick(payloads) });
  }
}

function rawGarbage(rng: Prng): Uint8Array {
  const texts = [
    'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
    'POST /v0/submit/submit HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"namespace":',
    'POST /v0/submit/submit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n',
    `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    `GET / HTTP/1.1\r\n${'X-Junk: y\r\n'.repeat(2000)}\r\n`,
    'GET /healthz HTTP/9.9\r\n\r\n',
    'GET /v0/availability/stream/blocks/0 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    '\r\n\r\n\r\n',
  ];
  if (rng.chance(0.3)) return randomBytesOf(rng, rng.int(1, 4000));
  return new TextEncoder().encode(rng.pick(texts));
}

/** Writes `bytes`, half-closes, and waits (bounded) for the server to answer or close. */
function sendRaw(port: number, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => socket.destroy(), TIMEOUT_MS);
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.once('connect', () => socket.end(bytes));
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function randomHash(rng: Prng): string {
  const length = rng.pick([64, 64, 63, 65, 0, 128]);
  const digits = Array.from({ length }, () => '0123456789abcdefABCDEFxyz'[rng.int(0, 24)]).join('');
  return rng.chance(0.8) ? `0x${digits}` : digits;
}

function randomString(rng: Prng, length: number): string {
  return Array.from({ length }, () => String.fromCharCode(rng.int(1, 0x2fff))).join('');
}

function randomBytesOf(rng: Prng, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => rng.int(0, 255));
}
