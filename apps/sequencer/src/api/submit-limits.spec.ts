import { request } from 'node:http';
import { connect } from 'node:net';
import { transactionHash } from '@hotshot/protocol';
import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import { Mempool, type MempoolRefusalReason, type Submitter } from '../mempool/mempool';
import { startTestApi, type TestApi } from './testing/api-test-app';
import { maxBodyBytes } from './submit-body-limit';
import { oversizedPost } from './testing/oversized-post';

const MAX_TX_BYTES = 64 * 1024;
const LIMIT = maxBodyBytes(MAX_TX_BYTES);
/** What the attack in hardening finding 2 sent: a 64 MiB transaction as JSON, about 89 MB. */
const ATTACK_BYTES = 89 * 1000 * 1000;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | string;
}

/** Sends raw HTTP `head` (and nothing more) and collects the answer until the server closes the connection. */
function rawExchange(port: number, head: string): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve({ text, closedByServer: true }));
    socket.on('error', reject);
    socket.setTimeout(30_000, () => {
      socket.destroy();
      resolve({ text, closedByServer: false });
    });
  });
}

/**
 * Streams a chunked body of up to `totalBytes` (respecting back-pressure, so only what the server reads leaves
 * this process), stopping when the server answers or closes. Returns the answer and how many bytes were handed
 * to the socket.
 */
function streamBody(url: string, totalBytes: number): Promise<{ answer: Answer; written: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 'A');
    let written = 0;
    let stopped = false;
    const req = request(
      `${url}/v0/submit/submit`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (res) => {
        stopped = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (part: string) => (text += part));
        res.on('end', () =>
          resolve({ answer: { status: res.statusCode!, headers: res.headers, body: parse(text) }, written }),
        );
      },
    );
    req.on('error', (error) => (stopped ? undefined : reject(error)));
    const pump = () => {
      while (!stopped && written < totalBytes) {
        written += chunk.length;
        if (
          !req.write(
            written === chunk.length ? Buffer.concat([Buffer.from('{"namespace":1,"payload":"'), chunk]) : chunk,
          )
        ) {
          req.once('drain', pump);
          return;
        }
      }
      if (!stopped) req.end('"}');
    };
    pump();
  });
}

function parse(text: string): Record<string, unknown> | string {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return text;
  }
}

async function post(url: string, body: unknown, localAddress = '127.0.0.1'): Promise<Answer> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v0/submit/submit`,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (res) => {
        let answer = '';
        res.setEncoding('utf8');
        res.on('data', (part: string) => (answer += part));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: parse(answer) }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

const payloadOf = (text: string) => Buffer.from(text).toString('base64');

describe('submit bounds (hardening findings 2 and 8)', () => {
  let store: AvailabilityStore;
  let api: TestApi;
  let maxTxBytes: number | undefined = MAX_TX_BYTES;
  const refusals: { reason: MempoolRefusalReason; from: Submitter }[] = [];
  const mempool = new Mempool(
    {
      maxTxBytes: MAX_TX_BYTES,
      maxPendingTxs: 8,
      maxPendingBytes: 1024 * 1024,
      decidedMemory: 100,
      submitterShare: 0.25,
      namespaceShare: 0.5,
    },
    { onRefused: (reason, from) => refusals.push({ reason, from }) },
  );

  beforeAll(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    api = await startTestApi({
      store,
      submit: { submit: async (tx, from) => mempool.submit(tx, from) },
      // As the node wires it: the network's bound, unknown until the node joins.
      maxTxBytes: () => maxTxBytes,
    });
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });
  const port = () => Number(new URL(api.url).port);
  const healthy = async () => (await fetch(`${api.url}/healthz`)).status === 200;

  it('refuses a body whose Content-Length passes the bound with 413 before reading it, and closes the connection', async () => {
    // Only the head is sent: an answer proves the server did not wait for the 89 MB.
    const { text, closedByServer } = await rawExchange(
      port(),
      'POST /v0/submit/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${ATTACK_BYTES}\r\n\r\n{"namespace":1,"payload":"AAAA`,
    );
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text.toLowerCase()).toContain('connection: close');
    expect(parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({
      error: 'RequestBodyTooLargeError',
      details: { maxBodyBytes: LIMIT, maxTxBytes: MAX_TX_BYTES, contentLength: ATTACK_BYTES },
    });
    expect(closedByServer).toBe(true);
    expect(await healthy()).toBe(true);
  });

  it('lets a client that keeps sending the oversized body still read its 413, and stops reading soon after', async () => {
    // Six at once, as in the finding; each sends its body as fast as the server reads it.
    const attempts = await Promise.all(Array.from({ length: 6 }, () => oversizedPost(port(), ATTACK_BYTES)));
    for (const { statusLine, written } of attempts) {
      expect(statusLine).toMatch(/^HTTP\/1\.1 413 /);
      expect(written).toBeLessThan(ATTACK_BYTES);
    }
    expect(await healthy()).toBe(true);
  });

  it('cuts off a chunked body as soon as it passes the bound, reading no more than about the bound', async () => {
    const attempts = await Promise.all(Array.from({ length: 6 }, () => streamBody(api.url, 64 * 1024 * 1024)));
    for (const { answer, written } of attempts) {
      expect(answer).toMatchObject({ status: 413, body: { error: 'RequestBodyTooLargeError' } });
      expect(answer.headers.connection).toBe('close');
      // What left the client: the bound, plus what socket buffers on both sides of loopback hold; far below 64 MiB.
      expect(written).toBeLessThan(LIMIT + 16 * 1024 * 1024);
    }
    expect(await healthy()).toBe(true);
  });

  it('reads a body at the bound, and refuses one byte over by its length', async () => {
    const frame = '{"namespace":1,"payload":""}';
    const atLimit = `{"namespace":1,"payload":"${'A'.repeat(LIMIT - frame.length)}"}`;
    expect(Buffer.byteLength(atLimit)).toBe(LIMIT);
    // Read and parsed in full: the mempool, not the body bound, refuses the too-large transaction.
    expect(await post(api.url, JSON.parse(atLimit))).toMatchObject({
      status: 400,
      body: { error: 'TransactionRejectedError' },
    });
    const { text } = await rawExchange(
      port(),
      'POST /v0/submit/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${LIMIT + 1}\r\n\r\n`,
    );
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('answers 503 with Retry-After, without reading the body, before the node knows the bound', async () => {
    maxTxBytes = undefined;
    try {
      const { text } = await rawExchange(
        port(),
        'POST /v0/submit/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${ATTACK_BYTES}\r\nConnection: close\r\n\r\n`,
      );
      expect(text).toMatch(/^HTTP\/1\.1 503 /);
      expect(text.toLowerCase()).toContain('retry-after: 1');
      expect(parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: 'NotReadyError' });
    } finally {
      maxTxBytes = MAX_TX_BYTES;
    }
  });

  it('shares the mempool: a flooding address gets 429 with Retry-After past its share, others still get in', async () => {
    const flooder = '127.0.0.2';
    const answers: Answer[] = [];
    for (let i = 0; i < 5; i++)
      answers.push(await post(api.url, { namespace: 1, payload: payloadOf(`f${i}`) }, flooder));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429, 429, 429]);
    expect(answers[2]).toMatchObject({
      headers: { 'retry-after': '1' },
      body: { error: 'MempoolShareExceededError', details: { scope: 'submitter' } },
    });
    // A duplicate of what the flooder has waiting is still answered with its hash.
    expect(await post(api.url, { namespace: 1, payload: payloadOf('f0') }, flooder)).toMatchObject({
      status: 200,
      body: transactionHash({ namespace: 1, payload: Buffer.from('f0') }),
    });
    expect((await post(api.url, { namespace: 2, payload: payloadOf('h0') }, '127.0.0.3')).status).toBe(200);
    const shareRefusals = refusals.filter((r) => r.reason === 'submitter_share');
    expect(shareRefusals).toHaveLength(3);
    expect(shareRefusals.every((r) => 'client' in r.from && r.from.client === flooder)).toBe(true);
  });

  it('answers 429 for a namespace over its share and 503 with Retry-After once the whole pool is full', async () => {
    // Namespace 1 holds 2 of its 4; two more from other addresses fill its share.
    expect((await post(api.url, { namespace: 1, payload: payloadOf('n1') }, '127.0.0.4')).status).toBe(200);
    expect((await post(api.url, { namespace: 1, payload: payloadOf('n2') }, '127.0.0.5')).status).toBe(200);
    expect(await post(api.url, { namespace: 1, payload: payloadOf('n3') }, '127.0.0.6')).toMatchObject({
      status: 429,
      headers: { 'retry-after': '1' },
      body: { details: { scope: 'namespace', namespace: 1 } },
    });
    // 5 of 8 waiting; three more addresses fill the pool.
    for (const [i, address] of ['127.0.0.7', '127.0.0.8', '127.0.0.9'].entries()) {
      expect((await post(api.url, { namespace: 3 + i, payload: payloadOf(`p${i}`) }, address)).status).toBe(200);
    }
    const full = await post(api.url, { namespace: 9, payload: payloadOf('late') }, '127.0.0.10');
    expect(full).toMatchObject({ status: 503, headers: { 'retry-after': '1' }, body: { error: 'MempoolFullError' } });
    expect(refusals.map((r) => r.reason)).toEqual(expect.arrayContaining(['namespace_share', 'pool_full']));
  });
});
