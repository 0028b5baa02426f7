import { hexToBytes, parseTransaction, type Address, type Hex } from 'viem';
import {
  BodyTooLargeError,
  jsonBodyRoute,
  opsRoutes,
  startHttpServer,
  type HealthCheck,
  type HttpReply,
  type HttpServer,
  type Logger,
} from '@hotshot/telemetry';
import type { EngineClient } from '../engine/engine-client';
import { decodeRollupTransaction } from '../execution/transaction-check';
import type { ZkevmNodeMetrics } from '../metrics/node-metrics';
import { admissionRefusal, type Refusal, type RefusalReason } from './admission';
import { transactionJson, type PendingPool } from './pending-pool';
import { FORWARDED_METHODS } from './rpc-methods';
import {
  pendingNonceParams,
  readRpcBody,
  rpcBodyJson,
  sendRawTransactionParams,
  transactionHashParams,
  type RpcItem,
  type RpcRequest,
} from './rpc-request';

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
  /** What `GET /healthz` answers: the node's progress (200 while its status is ok, else 503). */
  readonly health: HealthCheck;
}

/** A running L2 JSON-RPC server. */
export type L2RpcServer = HttpServer;

type Reply = { jsonrpc: '2.0'; id: unknown; result?: unknown; error?: { code: number; message: string } };

/** Largest request body read, in bytes (413 beyond): a batch of requests or one large signed transaction. */
const MAX_BODY_BYTES = 1_000_000;
const SUPPORTED_TYPES = new Set(['legacy', 'eip2930', 'eip1559']);

/**
 * The rollup's JSON-RPC for users and wallets. Only the reads of FORWARDED_METHODS reach the engine; everything else
 * is refused with -32601, so nothing but sequenced heights changes the chain. eth_sendRawTransaction checks the
 * transaction against the state and the node's pending transactions as geth's pool would (nonce, funds, intrinsic
 * gas, with geth's codes and messages), sends it to the sequencer and answers its hash at once; it stays pending
 * (pending nonce, eth_getTransactionByHash) until a height executes or skips it. It is served at `POST /` on the
 * operations library's listener, beside `GET /healthz` (the node's progress) and `GET /metrics`.
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

  const sendRawTransaction = async (params: unknown, id: unknown): Promise<Reply> => {
    const { ok, fail } = replies(id);
    const decoded = sendRawTransactionParams.check(params);
    if (!decoded.ok) return fail(-32602, `expected one hex-encoded signed transaction: ${decoded.message}`);
    const [raw] = decoded.value;
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
        await options.sequencer.submit(options.namespace, hexToBytes(raw));
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

  const handle = async (request: RpcRequest): Promise<Reply> => {
    const id = request.id ?? null;
    const { ok, fail } = replies(id);
    const { method, params } = request;
    const forward = async (): Promise<Reply> => (await engine.forward({ ...request, jsonrpc: '2.0', id })) as Reply;
    switch (method) {
      case 'eth_sendRawTransaction':
        return sendRawTransaction(params, id);
      case 'eth_accounts':
        // The engine's dev accounts are not the users'; this node holds no keys.
        return ok([]);
      case 'eth_getTransactionCount': {
        if (!pendingNonceParams.is(params)) return forward();
        const [address] = params;
        const stateNonce = Number(await engine.call<Hex>('eth_getTransactionCount', [address, 'latest']));
        return ok(`0x${pending.nextNonce(address, stateNonce).toString(16)}`);
      }
      case 'eth_getTransactionByHash':
      case 'eth_getTransactionReceipt': {
        const reply = await forward();
        if (reply.error || reply.result !== null || !transactionHashParams.is(params)) return reply;
        const [hash] = params;
        const ours = method === 'eth_getTransactionByHash' ? pending.transaction(hash) : pending.receipt(hash);
        return ok(ours ?? null);
      }
      default:
        if (FORWARDED_METHODS.has(method)) return forward();
        metrics.rpcRefused.inc({ reason: 'method_not_offered' });
        return fail(-32601, `the method ${method} does not exist/is not available`);
    }
  };

  /** Answers one request of a body; an invalid one with -32600 under its id. */
  const one = (item: RpcItem): Promise<Reply> =>
    item.ok ? handle(item.request) : Promise.resolve(replies(item.id).fail(-32600, `invalid request: ${item.message}`));

  const rpc = jsonBodyRoute({
    method: 'POST',
    path: '/',
    schema: rpcBodyJson,
    maxBodyBytes: MAX_BODY_BYTES,
    handle: async (parsed): Promise<HttpReply> => {
      const body = readRpcBody(parsed);
      if (body.kind === 'batch-too-large') {
        return { status: 200, json: [replies(null).fail(-32600, `batch too large: ${body.message}`)] };
      }
      try {
        return {
          status: 200,
          json: body.kind === 'batch' ? await Promise.all(body.items.map(one)) : await one(body.item),
        };
      } catch (error) {
        log.warn('L2 RPC request failed', { error });
        return { status: 502, json: replies(null).fail(-32603, 'internal error') };
      }
    },
    // JSON-RPC's own codes: text that is not JSON is a parse error (answered 200, as geth does); too long a body
    // is 413 with an invalid-request error a client library can show.
    refuse: (error) =>
      error instanceof BodyTooLargeError
        ? { status: 413, json: replies(null).fail(-32600, `invalid request: ${error.shortMessage}`) }
        : { status: 200, json: replies(null).fail(-32700, 'parse error') },
  });
  return startHttpServer({
    host: options.host,
    port: options.port,
    routes: [...opsRoutes({ registry: metrics.registry, health: options.health, log }), rpc],
    log,
  });
}

/** The result and error replies to the request `id`. */
function replies(id: unknown) {
  return {
    ok: (result: unknown): Reply => ({ jsonrpc: '2.0', id, result }),
    fail: (code: number, message: string): Reply => ({ jsonrpc: '2.0', id, error: { code, message } }),
  };
}
