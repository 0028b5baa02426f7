import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SchemaError } from '@hotshot/protocol';
import { MalformedApiResponseError } from '@hotshot/sequencer-api';
import { NodeApi } from './node-api';

const hash = `0x${'ab'.repeat(32)}`;
const header = {
  chainId: '1',
  height: 0,
  timestamp: 0,
  l1Head: 0,
  parentCommitment: hash,
  payloadCommitment: hash,
  payloadSize: 0,
};
const block = { height: 0, hash, header, available: true, namespaceTable: [], transactions: [] };

/** A node answering `routes[path]` as JSON (404 elsewhere). */
async function fakeNode(routes: Record<string, unknown>): Promise<{ api: NodeApi; server: Server }> {
  const server = createServer((request, response) => {
    const body = routes[request.url ?? ''];
    if (body === undefined) response.writeHead(404).end('{}');
    else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { api: new NodeApi(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), server };
}

describe("the fault suite's NodeApi reads answers through the API's schemas", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('returns well-formed blocks, and refuses a malformed range naming where it is wrong', async () => {
    const node = await fakeNode({
      '/v0/availability/block/0/1': [block],
      '/v0/availability/block/1/2': [{ ...block, hash: 'nope' }],
      '/v0/status/block-height': 7,
    });
    server = node.server;
    expect(await node.api.blocks(0, 1)).toEqual([block]);
    await expect(node.api.blocks(1, 2)).rejects.toThrow(SchemaError);
    await expect(node.api.blocks(1, 2)).rejects.toThrow('/0/hash');
    expect(await node.api.blockHeight()).toBe(7);
  });

  it('refuses an acknowledgement that is not a transaction hash', async () => {
    const node = await fakeNode({});
    server = node.server;
    node.server.removeAllListeners('request');
    node.server.on('request', (_request, response) => response.writeHead(200).end('"0x12"'));
    await expect(node.api.submit(1, new Uint8Array([1]))).rejects.toThrow(MalformedApiResponseError);
  });
});
