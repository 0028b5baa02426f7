// The JSON shapes are the node's own API schemas (type-only imports, erased by the build): one schema per route.
import type { BlockJson, LeafJson, TransactionJson } from '@hotshot/sequencer-api/schemas/availability.schema';
import type { DashboardStatusJson } from '@hotshot/sequencer-api/schemas/dashboard.schema';

export type { BlockJson, DashboardStatusJson, LeafJson, TransactionJson };

/** A failed API call: the node's JSON error, or a network failure (status 0). */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** GETs `path` from the node that served this page and parses its JSON answer. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { signal: signal ?? AbortSignal.timeout(10_000), headers: { accept: 'application/json' } });
  } catch (error) {
    throw new ApiCallError(0, `the node did not answer: ${(error as Error).message}`);
  }
  const body = (await res.json().catch(() => undefined)) as unknown;
  if (!res.ok) {
    const error = (body ?? {}) as { message?: string; details?: Record<string, unknown> };
    throw new ApiCallError(res.status, error.message ?? `HTTP ${res.status}`, error.details);
  }
  return body as T;
}

/** The WebSocket URL of a stream path on the node that served this page. */
export function streamUrl(path: string): string {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
