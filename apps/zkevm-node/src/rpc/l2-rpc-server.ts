import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hexToBytes, isHex, parseTransaction, type Address, type Hex } from 'viem';
import type { Logger } from '@hotshot/telemetry';
import type { EngineClient } from '../engine/engine-client';
import { decodeRollupTransaction } from '../execution/transaction-check';
import type { ZkevmNodeMetrics } from '../metrics/node-metrics';
import { admissionRefusal, type Refusal, type RefusalReason } from './admission';
import { transactionJson, type PendingPool } from './pending-pool';
import { FORWARDED_METHODS } from './rpc-methods';

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
  /** The transactions this node forwarded that no executed height carried yet (the executor settles them). */
  readonly pending: PendingPool;
  readonly metrics: ZkevmNodeMetrics;
  /** What `GET /healthz` answers: the node's progress. */
  readonly health: () => object;
}

/** A running L2 JSON-RPC server. */
export interface L2RpcServer {
  readonly url: string;
  close(): Promise<void>;
}

type Request = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown };
type Reply = { jsonrpc: '2.0'; id: unknown; result?: unknown; error?: { code: number; message: string } };

const MAX_BODY_BYTES = 1_000_000;
const SUPPORTED_TYPES = new Set(['legacy', 'eip2930', 'eip1559']);

/**
 * The rollup's JSON-RPC for users and wallets. Only the reads of FORWARDED_METHODS reach the engine; everything else
 * is refused with -32601, so nothing but sequenced heights changes the chain. eth_sendRawTransaction checks the
 * transaction against the state and the node's pending transactions as geth's pool would (nonce, funds, intrinsic
 * gas, with geth's codes and messages), sends it to the sequencer and answers its hash at once; it stays pending
 * (pending nonce, eth_getTransactionByHash) until a height executes or skips it. `GET /healthz` reports the node's
 * progress, `GET /metrics` its Prometheus metrics.
 */
export async function startL2Rpc(options: L2RpcOptions): Promise<L2RpcServer> {
  const { engine, pending, metrics, log } = options;
  // One send at a time per sender: its nonce and funds are checked against the pending transactions before it.
  const senderQueues = new Map<Address, Promise<unknown>>();
  const serialized = <T>(from: Address, task: () => Promise<T>): Promise<T> => {
    const run = (senderQueues.get(from) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    senderQueues.set(from, tail);
    void tail.then(() => senderQueues.get(from) === tail && senderQueues.delete(from));
    return run;
  };

  const sendRawTransaction = async (raw: unknown, id: unknown): Promise<Reply> => {
    const { ok, fail } = replies(id);
    if (typeof raw !== 'string' || !isHex(raw)) return fail(-32602, 'expected one hex-encoded signed transaction');
    const check = await decodeRollupTransaction(raw, options.chainId);
    if (!check.ok) return fail(-32602, `transaction refused: ${check.reason}`);
    const tx = parseTransaction(raw);
    const refuse = (refusal: Refusal): Reply => {
      metrics.rpcRefused.inc({ reason: refusal.reason });
      log.info('transaction refused', { hash: check.hash, from: check.from, reason: refusal.reason });
      return fail(refusal.code, refusal.message);
    };
    const gethError = (reason: RefusalReason, message: string): Refusal => ({ reason, code: -32000, message });
    if (!SUPPORTED_TYPES.has(tx.type ?? 'legacy')) {
      return refuse(gethError('type_not_supported', 'transaction type not supported'));
    }
    return serialized(check.from, async () => {
      if (pending.knows(check.hash)) return refuse(gethError('already_known', 'already known'));
      const room = pending.room(check.from);
      if (room === 'full') return refuse(gethError('pool_full', 'txpool is full'));
      if (room === 'account') return refuse(gethError('pool_full', 'account limit exceeded'));
      const [nonceHex, balanceHex] = await Promise.all([
        engine.call<Hex>('eth_getTransactionCount', [check.from, 'latest']),
        engine.call<Hex>('eth_getBalance', [check.from, 'latest']),
      ]);
      const stateNonce = Number(nonceHex);
      const refusal = admissionRefusal(tx, check.from, {
        stateNonce,
        balance: BigInt(balanceHex),
        nextNonce: pending.nextNonce(check.from, stateNonce),
        pendingCost: pending.pendingCost(check.from, stateNonce),
      });
      if (refusal) return refuse(refusal);
      try {
        await options.sequencer.submit(options.namespace, hexToBytes(raw as Hex));
      } catch (error) {
        log.warn('submitting to the sequencer failed', { hash: check.hash, error });
        return fail(-32603, 'the sequencer did not take the transaction; try again');
      }
      pending.add(check.hash, check.from, tx, transactionJson(check.hash, check.from, tx));
      metrics.rpcForwarded.inc();
      log.info('transaction forwarded to the sequencer', { hash: check.hash, from: check.from, nonce: check.nonce });
      return ok(check.hash);
    });
  };

  const handle = async (request: Request): Promise<Reply> => {
    const id = request.id ?? null;
    const { ok, fail } = replies(id);
    if (typeof request.method !== 'string') return fail(-32600, 'invalid request');
    const method = request.method;
    const params = Array.isArray(request.params) ? (request.params as unknown[]) : [];
    const forward = async (): Promise<Reply> => (await engine.forward({ ...request, jsonrpc: '2.0', id })) as Reply;
    switch (method) {
      case 'eth_sendRawTransaction':
        return sendRawTransaction(params[0], id);
      case 'eth_accounts':
        // The engine's dev accounts are not the users'; this node holds no keys.
        return ok([]);
      case 'eth_getTransactionCount': {
        if (params[1] !== 'pending' || typeof params[0] !== 'string' || !isHex(params[0])) return forward();
        const stateNonce = Number(await engine.call<Hex>('eth_getTransactionCount', [params[0], 'latest']));
        return ok(`0x${pending.nextNonce(params[0] as Address, stateNonce).toString(16)}`);
      }
      case 'eth_getTransactionByHash':
      case 'eth_getTransactionReceipt': {
        const reply = await forward();
        if (reply.error || reply.result !== null || typeof params[0] !== 'string' || !isHex(params[0])) return reply;
        const hash = params[0] as Hex;
        const ours = method === 'eth_getTransactionByHash' ? pending.transaction(hash) : pending.receipt(hash);
        return ok(ours ?? null);
      }
      default:
        if (FORWARDED_METHODS.has(method)) return forward();
        metrics.rpcRefused.inc({ reason: 'method_not_offered' });
        return fail(-32601, `the method ${method} does not exist/is not available`);
    }
  };

  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/healthz') return reply(200, options.health());
    if (req.method === 'GET' && req.url === '/metrics') {
      metrics.registry
        .metrics()
        .then((text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        })
        .catch((error: unknown) => {
          log.warn('collecting metrics failed', { error });
          reply(500, { error: 'metrics unavailable' });
        });
      return;
    }
    if (req.method !== 'POST') return reply(405, { error: 'POST a JSON-RPC request (or GET /healthz, /metrics)' });
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
        log.warn('L2 RPC request failed', { error });
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

/** The result and error replies to the request `id`. */
function replies(id: unknown) {
  return {
    ok: (result: unknown): Reply => ({ jsonrpc: '2.0', id, result }),
    fail: (code: number, message: string): Reply => ({ jsonrpc: '2.0', id, error: { code, message } }),
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
