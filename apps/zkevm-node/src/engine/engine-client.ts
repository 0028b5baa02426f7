import { EngineError, EngineRpcError } from '../errors';

/** A JSON-RPC 2.0 response as the engine sends it. */
export interface JsonRpcResponse {
  readonly jsonrpc: '2.0';
  readonly id: unknown;
  readonly result?: unknown;
  readonly error?: { code: number; message: string; data?: unknown };
}

/** A minimal JSON-RPC client of the engine, for calls viem has no typed action for (anvil_*, evm_*). */
export class EngineClient {
  private id = 0;

  constructor(readonly url: string) {}

  /** Sends one request body as is and returns the engine's response body (used by the L2 RPC proxy). */
  async forward(body: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (cause) {
      throw new EngineError('is unreachable', { url: this.url }, cause);
    }
    return response.json();
  }

  /** Calls `method` and returns its result; throws EngineRpcError with the engine's message when it refuses. */
  async call<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    const reply = (await this.forward({ jsonrpc: '2.0', id: ++this.id, method, params })) as JsonRpcResponse;
    if (reply.error) throw new EngineRpcError(method, reply.error.code, reply.error.message);
    return reply.result as T;
  }
}
