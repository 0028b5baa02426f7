import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { genesisHeader, headerCommitment, namespaceProof, type BlockPayload, type Header } from '@hotshot/protocol';
import { JsonLogger, silentLogger, type Logger } from '@hotshot/telemetry';
import { buildBlocks } from '@hotshot/l1/testing';
import { NamespaceFollower } from './namespace-follower';
import { SequencerApiClient } from './sequencer-api-client';

const NAMESPACE = 1;
const chainId = 35353n;
const encoder = new TextEncoder();
const { headers, payloads } = buildBlocks(
  chainId,
  { height: 0, commitment: headerCommitment(genesisHeader(chainId)) },
  Array.from({ length: 10 }, (_, i) => [{ namespace: NAMESPACE, payload: encoder.encode(`tx at ${i + 1}`) }]),
);

/** The API's namespace JSON for `height` (as apps/sequencer serves it). */
function namespaceJson(height: number, tamper = false): Record<string, unknown> {
  const header: Header = headers[height - 1]!;
  const payload: BlockPayload = payloads[height - 1]!;
  const proof = namespaceProof(payload, NAMESPACE);
  const bytes = Buffer.from(proof.namespacePayload!);
  if (tamper) bytes[bytes.length - 1] ^= 1;
  return {
    height,
    namespace: NAMESPACE,
    headerCommitment: headerCommitment(header),
    header: { ...header, chainId: header.chainId.toString() },
    available: true,
    namespaceTable: proof.namespaceTable,
    index: proof.index,
    namespacePayload: bytes.toString('base64'),
    transactions: [],
  };
}

/** A fake node: `onStream(from, socket)` serves each stream connection; `streams: false` refuses them with 404. */
async function fakeNode(options: { streams: boolean; onStream?: (from: number, socket: WebSocket) => void }) {
  const froms: number[] = [];
  const wss = new WebSocketServer({ noServer: true });
  const server: Server = createServer((request, response) => {
    const match = /^\/v0\/availability\/block\/(\d+)\/namespace\/1$/.exec(request.url ?? '');
    const height = match ? Number(match[1]) : 0;
    if (height >= 1 && height <= headers.length) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(namespaceJson(height)));
    } else {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"NotFoundError"}');
    }
  });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://node');
    const match = /^\/v0\/availability\/stream\/blocks\/(\d+)$/.exec(url.pathname);
    if (!options.streams || !match || url.searchParams.get('namespace') !== String(NAMESPACE)) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    froms.push(Number(match[1]));
    wss.handleUpgrade(request, socket, head, (ws) => options.onStream!(Number(match[1]), ws));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    froms,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs a follower from height 3 until it has delivered up to height 10; returns the heights in delivery order. */
async function follow(url: string, log: Logger = silentLogger): Promise<number[]> {
  const controller = new AbortController();
  const follower = new NamespaceFollower({
    api: new SequencerApiClient(url),
    namespace: NAMESPACE,
    from: 3,
    log,
  });
  follower.start(controller.signal);
  const delivered: number[] = [];
  const deadline = Date.now() + 15_000;
  while (delivered.at(-1) !== 10 && Date.now() < deadline) {
    await follower.waitForBlock(200, controller.signal);
    for (const block of follower.take()) {
      expect(new TextDecoder().decode(block.transactions[0])).toBe(`tx at ${block.height}`);
      delivered.push(block.height);
    }
  }
  controller.abort();
  await follower.stopped();
  return delivered;
}

describe('NamespaceFollower', () => {
  it('delivers verified blocks in order and reconnects from the next height when the stream drops', async () => {
    const node = await fakeNode({
      streams: true,
      onStream: (from, socket) => {
        // The first connection drops after three blocks; later ones send the rest.
        const until = from === 3 ? 5 : 10;
        for (let h = from; h <= until; h++) socket.send(JSON.stringify(namespaceJson(h)));
        if (from === 3) socket.terminate();
      },
    });
    try {
      expect(await follow(node.url)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
      expect(node.froms.slice(0, 2)).toEqual([3, 6]);
    } finally {
      await node.close();
    }
  });

  it('never delivers a block that does not verify: it reconnects and asks for that height again', async () => {
    const node = await fakeNode({
      streams: true,
      onStream: (from, socket) => {
        for (let h = from; h <= 10; h++) socket.send(JSON.stringify(namespaceJson(h, from === 3 && h === 5)));
      },
    });
    try {
      expect(await follow(node.url)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
      expect(node.froms.slice(0, 2)).toEqual([3, 5]);
    } finally {
      await node.close();
    }
  });

  it("reads the node's last message, the API's error body, as the stream's end and resumes after it", async () => {
    const node = await fakeNode({
      streams: true,
      onStream: (from, socket) => {
        for (let h = from; h <= (from === 3 ? 4 : 10); h++) socket.send(JSON.stringify(namespaceJson(h)));
        if (from === 3) socket.send(JSON.stringify({ error: 'InternalError', message: 'storage failed', details: {} }));
      },
    });
    const lines: string[] = [];
    try {
      expect(await follow(node.url, new JsonLogger({ level: 'warn', sink: (line) => lines.push(line) }))).toEqual([
        3, 4, 5, 6, 7, 8, 9, 10,
      ]);
      expect(node.froms.slice(0, 2)).toEqual([3, 5]);
      const interrupted = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((l) => l.error);
      expect(interrupted).toMatchObject({
        reason: 'block stream interrupted: the node ended the stream',
        error: 'InternalError',
      });
    } finally {
      await node.close();
    }
  });

  it('polls the namespace endpoint when the node serves no streams', async () => {
    const node = await fakeNode({ streams: false });
    try {
      expect(await follow(node.url)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
      expect(node.froms).toEqual([]);
    } finally {
      await node.close();
    }
  });
});
