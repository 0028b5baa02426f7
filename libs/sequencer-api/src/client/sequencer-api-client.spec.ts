import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MalformedApiResponseError, SequencerApiError } from '../errors';
import { SequencerApiClient } from './sequencer-api-client';

const hash = (byte: string) => `0x${byte.repeat(32)}`;

/** A node that answers each request with `answer(request, body)`: a status and a JSON value. */
async function fakeNode(
  answer: (request: IncomingMessage, body: string) => [number, unknown],
): Promise<{ client: SequencerApiClient; server: Server }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const [status, json] = answer(request, body);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { client: new SequencerApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`), server };
}

describe('SequencerApiClient', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('submits one transaction and a batch in the schema body, and reads back their hashes', async () => {
    const bodies: unknown[] = [];
    const node = await fakeNode((request, body) => {
      bodies.push(JSON.parse(body));
      return request.url === '/v0/submit/batch' ? [200, [hash('aa'), hash('bb')]] : [200, hash('cc')];
    });
    server = node.server;
    expect(await node.client.submit(7, new Uint8Array([1, 2, 3]))).toBe(hash('cc'));
    const batch = [
      { namespace: 1, payload: new Uint8Array([0xff]) },
      { namespace: 2, payload: new Uint8Array() },
    ];
    expect(await node.client.submitBatch(batch)).toEqual([hash('aa'), hash('bb')]);
    expect(bodies).toEqual([
      { namespace: 7, payload: 'AQID' },
      [
        { namespace: 1, payload: '/w==' },
        { namespace: 2, payload: '' },
      ],
    ]);
  });

  it('refuses an answer of the wrong shape, naming what and where', async () => {
    const node = await fakeNode((request) =>
      request.url === '/v0/status/block-height' ? [200, -1] : [200, [hash('aa'), 'short']],
    );
    server = node.server;
    await expect(node.client.blockHeight()).rejects.toThrow(MalformedApiResponseError);
    await expect(node.client.submitBatch([{ namespace: 1, payload: new Uint8Array() }])).rejects.toThrow(
      /malformed batch answer from the sequencer API: \/1 /,
    );
  });

  it('reports an error status with the error body the node sent', async () => {
    const node = await fakeNode(() => [429, { error: 'MempoolShareExceededError', message: 'full' }]);
    server = node.server;
    const refused = node.client.submit(1, new Uint8Array());
    await expect(refused).rejects.toBeInstanceOf(SequencerApiError);
    await expect(refused).rejects.toMatchObject({ status: 429, details: { error: 'MempoolShareExceededError' } });
  });
});
