import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hexToBytes, isHex, type Hex } from 'viem';
import type { Logger } from '@hotshot/telemetry';
import type { EngineClient } from '../engine/engine-client';
import { decodeRollupTransaction } from '../execution/transaction-check';

/** Where the L2 RPC sends users' transactions: the sequencer's submit API, under the rollup's namespace. */
export interface TransactionSink {
  submit(namespace: number, payload: Uint8Array): Promise<string>;
}

/** Options of the L2 JSON-RPC server. */
export interface L2RpcOptions {
  readonly host: string;
  readonly port: number;
  readonly engine: EngineClient;
  readonly sequencer: TransactionSink;
  readonly namespace: number;
  readonly chainId: number;
  readonly log: Logger;
  /** What `GET /healthz` answers: the node's progress. */
  readonly health: () => object;
}

/** A running L2 JSON-RPC server. */
export interface L2RpcServer {
  readonly url: string;
  close(): Promise<void>;
}

type Request = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown };

const MAX_BODY_BYTES = 1_000_000;
// Methods that would let a user change the engine's state outside the sequenced chain, or sign with its keys.
const REFUSED = new Set(['eth_sendTransaction', 'eth_sign', 'eth_signTransaction', 'eth_signTypedData_v4']);

/**
 * The rollup's JSON-RPC for users and wallets: reads go to the engine as they are; eth_sendRawTransaction goes to the
 * sequencer (the chain changes only through sequenced heights) and answers the transaction's hash at once.
 * `GET /healthz` reports the node's progress for operators and probes.
 */
export async function startL2Rpc(options: L2RpcOptions): Promise<L2RpcServer> {
  const handle = async (request: Request): Promise<unknown> => {
    const id = request.id ?? null;
    const fail = (code: number, message: string) => ({ jsonrpc: '2.0', id, error: { code, message } });
    if (typeof request.method !== 'string') return fail(-32600, 'invalid request');
    const method = request.method;
    if (!/^(eth|net|web3)_/.test(method) || REFUSED.has(method)) return fail(-32601, `method ${method} not offered`);
    if (method !== 'eth_sendRawTransaction') return options.engine.forward({ ...request, jsonrpc: '2.0', id });
    const raw = Array.isArray(request.params) ? (request.params[0] as unknown) : undefined;
    if (typeof raw !== 'string' || !isHex(raw)) return fail(-32602, 'expected one hex-encoded signed transaction');
    const check = await decodeRollupTransaction(raw, options.chainId);
    if (!check.ok) return fail(-32602, `transaction refused: ${check.reason}`);
    try {
      await options.sequencer.submit(options.namespace, hexToBytes(raw as Hex));
    } catch (error) {
      options.log.warn('submitting to the sequencer failed', { hash: check.hash, error });
      return fail(-32603, 'the sequencer did not take the transaction; try again');
    }
    options.log.info('transaction forwarded to the sequencer', { hash: check.hash, from: check.from });
    return { jsonrpc: '2.0', id, result: check.hash };
  };

  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/healthz') return reply(200, options.health());
    if (req.method !== 'POST') return reply(405, { error: 'POST a JSON-RPC request (or GET /healthz)' });
    readBody(req)
      .then(async (text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return reply(200, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
        }
        const one = (item: unknown) => handle(typeof item === 'object' && item !== null ? (item as Request) : {});
        reply(200, Array.isArray(parsed) ? await Promise.all(parsed.map(one)) : await one(parsed));
      })
      .catch((error: unknown) => {
        options.log.warn('L2 RPC request failed', { error });
        if (!res.headersSent)
          reply(502, { jsonrpc: '2.0', id: null, error: { code: -32603, message: 'internal error' } });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
