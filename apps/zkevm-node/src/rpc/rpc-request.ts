import { Type, type Static } from '@sinclair/typebox';
import { jsonSchema } from '@hotshot/protocol';
import type { Address, Hex } from 'viem';

/** Most requests in one batch, as geth's default `BatchRequestLimit`; a larger batch is refused whole (-32600). */
export const MAX_BATCH_REQUESTS = 1000;

/**
 * A JSON-RPC request as the L2 RPC reads it: a method name, an id it echoes back, and params, which the methods it
 * answers itself decode with their own schema below and which are otherwise forwarded to the engine as they are.
 */
const RpcRequestJson = Type.Object({
  id: Type.Optional(Type.Unknown()),
  method: Type.String(),
  params: Type.Optional(Type.Unknown()),
});
/** One decoded JSON-RPC request. */
export type RpcRequest = Static<typeof RpcRequestJson>;
const rpcRequest = jsonSchema(RpcRequestJson);
/** Whatever has an id: an invalid request is still answered under it. */
const withId = jsonSchema(Type.Object({ id: Type.Unknown() }));
const batch = jsonSchema(Type.Array(Type.Unknown(), { maxItems: MAX_BATCH_REQUESTS }));

/** One request of a body: decoded, or refused with what is wrong and the id to answer under (null when none). */
export type RpcItem =
  | { readonly ok: true; readonly request: RpcRequest }
  | { readonly ok: false; readonly id: unknown; readonly message: string };

/**
 * The body as the server reads it: any JSON, since JSON-RPC answers each bad request of a batch under its own id
 * (readRpcBody decodes them one by one with RpcRequestJson); text that is not JSON is a parse error.
 */
export const rpcBodyJson = jsonSchema(Type.Unknown());

/** The requests of a parsed JSON-RPC body: one, a batch, or a batch of more than MAX_BATCH_REQUESTS. */
export type RpcBody =
  | { readonly kind: 'one'; readonly item: RpcItem }
  | { readonly kind: 'batch'; readonly items: readonly RpcItem[] }
  | { readonly kind: 'batch-too-large'; readonly message: string };

/** Reads a parsed body (JSON-RPC 2.0: an object is one request, an array a batch). */
export function readRpcBody(body: unknown): RpcBody {
  if (!Array.isArray(body)) return { kind: 'one', item: readRpcItem(body) };
  // `is`, not `check`: listing the issues would walk every item of a huge batch only to find that its length is wrong.
  if (!batch.is(body)) {
    return { kind: 'batch-too-large', message: `${body.length} requests, more than ${MAX_BATCH_REQUESTS}` };
  }
  return { kind: 'batch', items: body.map(readRpcItem) };
}

function readRpcItem(item: unknown): RpcItem {
  const result = rpcRequest.check(item);
  if (result.ok) return { ok: true, request: result.value };
  return { ok: false, id: withId.is(item) ? (item.id ?? null) : null, message: result.message };
}

const HexJson = Type.Unsafe<Hex>(Type.String({ pattern: '^0x[0-9a-fA-F]*$' }));
const AddressJson = Type.Unsafe<Address>(Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' }));
const HashJson = Type.Unsafe<Hex>(Type.String({ pattern: '^0x[0-9a-fA-F]{64}$' }));

/** eth_sendRawTransaction's params: one signed transaction, hex-encoded. */
export const sendRawTransactionParams = jsonSchema(Type.Tuple([HexJson]));
/** eth_getTransactionCount's params when it asks for the pending nonce, which this node answers itself. */
export const pendingNonceParams = jsonSchema(Type.Tuple([AddressJson, Type.Literal('pending')]));
/** eth_getTransactionByHash's and eth_getTransactionReceipt's params: one transaction hash. */
export const transactionHashParams = jsonSchema(Type.Tuple([HashJson]));
