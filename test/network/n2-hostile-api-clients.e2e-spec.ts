import { request } from 'node:http';
import { openStream, refusal, type StreamClient } from '../../apps/sequencer/src/api/testing/stream-client';
import { TestNetwork } from '../support/network-harness';
import { waitForProgress } from '../support/wait-for-progress';
import { oversizedPost } from '../../apps/sequencer/src/api/testing/oversized-post';

/** What finding 2 of issue 17 sent, six at once: a 64 MiB transaction as JSON (84 MB). */
const ATTACK_BYTES = 84 * 1000 * 1000;
const MIB = 1024 * 1024;
const FLOODER = '127.0.0.2';
const HONEST = '127.0.0.3';

interface Reply {
  status: number;
  retryAfter: string | undefined;
  body: unknown;
}

function post(url: string, body: unknown, localAddress: string): Promise<Reply> {
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
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            retryAfter: res.headers['retry-after'],
            body: JSON.parse(answer) as unknown,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/**
 * Hostile API clients against two running sequencers (issue 17, findings 2, 7 and 8): oversized bodies are refused
 * before they are read, one address cannot hold every stream, and one address cannot fill the mempool; the nodes
 * keep deciding and honest clients are served.
 */
describe('n2 hostile API clients', () => {
  jest.setTimeout(900_000);
  const net = new TestNetwork({
    nodes: 2,
    viewTimeoutMs: 1500,
    nodeArgs: ['--mempool-max-txs', '40', '--mempool-submitter-share', '25', '--api-max-streams-per-client', '4'],
  });
  const streams: StreamClient[] = [];

  beforeAll(async () => {
    await net.start();
    await net.waitForHeight(2, [0, 1]);
  });
  afterAll(async () => {
    streams.forEach((client) => client.socket.terminate());
    await net.stop(process.env.KEEP_NETWORK_LOGS === '1');
  });

  const residentBytes = async (index: number) => {
    const text = await (await fetch(`${net.api(index)}/v0/status/metrics`)).text();
    return Number(/^sequencer_process_(?:process_)?resident_memory_bytes (\S+)$/m.exec(text)?.[1]);
  };

  it('answers six concurrent 84 MB posts 413 before reading them, and both nodes keep deciding', async () => {
    const port = Number(new URL(net.api(0)).port);
    const before = (await net.blockHeight(0))!;
    const attempts = await Promise.all(Array.from({ length: 6 }, () => oversizedPost(port, ATTACK_BYTES)));
    for (const { statusLine, written } of attempts) {
      expect(statusLine).toMatch(/^HTTP\/1\.1 413 /);
      // What left this process before the server cut the connection: socket buffers' worth, not 84 MB.
      expect(written).toBeLessThan(32 * MIB);
    }
    expect((await fetch(`${net.api(0)}/healthz`)).status).toBe(200);
    await net.waitForHeight(before + 3, [0, 1]);
    expect(await residentBytes(0)).toBeLessThan(400 * MIB);
  });

  it('lets one address hold only its share of streams (429), while another address still streams', async () => {
    const url = `${net.api(0).replace(/^http/, 'ws')}/v0/availability/stream/headers/1`;
    for (let i = 0; i < 4; i++) streams.push(await openStream(url, { localAddress: FLOODER }));
    expect(await refusal(url, FLOODER)).toMatchObject({
      status: 429,
      body: { error: 'TooManyClientStreamsError' },
      headers: { 'retry-after': '1' },
    });
    const honest = await openStream(url, { localAddress: HONEST });
    streams.push(honest);
    await honest.waitFor((messages) => messages.length >= 2, 'two headers for the honest client', 60_000);
  });

  it('answers a flooding address 429 with Retry-After past its share, and decides an honest transaction', async () => {
    const url = net.api(0);
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        post(url, { namespace: 7, payload: Buffer.from(`flood-${i}`).toString('base64') }, FLOODER),
      ),
    );
    const refused = replies.filter((reply) => reply.status === 429);
    // Ten of forty is the flooder's share; decides free some of it while the flood runs, never all.
    expect(refused.length).toBeGreaterThan(0);
    expect(replies.every((reply) => reply.status === 200 || reply.status === 429)).toBe(true);
    for (const reply of refused) {
      expect(reply).toMatchObject({ retryAfter: '1', body: { error: 'MempoolShareExceededError' } });
    }
    const honest = await post(url, { namespace: 8, payload: Buffer.from('honest').toString('base64') }, HONEST);
    expect(honest.status).toBe(200);
    await waitForProgress({
      what: 'the honest transaction to be decided on node 1',
      observe: async () => (await net.get(1, `/v0/availability/transaction/hash/${honest.body as string}`)).status,
      done: (status) => status === 200,
      stallMs: 180_000,
    });
    const metrics = await (await fetch(`${url}/v0/status/metrics`)).text();
    expect(metrics).toMatch(/^sequencer_mempool_refusals_total\{reason="submitter_share",source="api"\} [1-9]/m);
  });
});
