import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DemoProbe } from './demo-probe';

describe('DemoProbe', () => {
  let server: Server;
  let url: string;
  let healthz: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/v0/status/block-height') return void response.end('12');
      if (request.url === '/healthz') return void response.end(healthz);
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reads the node's height through the API client and the rollup node's l2Block from its /healthz", async () => {
    healthz = JSON.stringify({ status: 'ok', l2Block: 7, next: 3 });
    const sample = await new DemoProbe(url, 'http://127.0.0.1:1', url).sample();
    expect(sample).toMatchObject({ height: 12, l2Block: 7 });
  });

  it('leaves out an l2Block that is not a block number, and what does not answer', async () => {
    healthz = JSON.stringify({ status: 'ok', l2Block: 'seven' });
    const sample = await new DemoProbe(url, 'http://127.0.0.1:1', 'http://127.0.0.1:1').sample();
    expect(sample.height).toBe(12);
    expect(sample).not.toHaveProperty('l2Block');
    const garbled = await new DemoProbe(url, 'http://127.0.0.1:1', url).sample();
    expect(garbled).not.toHaveProperty('l2Block');
  });
});
