// The JSON shapes are the node's own API schemas, checked here at runtime: one schema per route, on both sides.
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  BlockSchema,
  LeafSchema,
  TransactionSchema,
  type BlockJson,
  type LeafJson,
  type TransactionJson,
} from '@hotshot/sequencer-api/schemas/availability.schema';
import { DashboardStatusSchema, type DashboardStatusJson } from '@hotshot/sequencer-api/schemas/dashboard.schema';
import { ErrorSchema } from '@hotshot/sequencer-api/schemas/status.schema';

export type { BlockJson, DashboardStatusJson, LeafJson, TransactionJson };
export { BlockSchema, DashboardStatusSchema, LeafSchema, TransactionSchema };

/** A failed API call: the node's JSON error, a network failure (status 0), or an answer of the wrong shape. */
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

/** `value` typed by `schema`, or undefined with the first place it breaks the schema. */
export function checkJson<S extends TSchema>(
  schema: S,
  value: unknown,
): { ok: true; value: Static<S> } | { ok: false; issue: string } {
  if (Value.Check(schema, value)) return { ok: true, value };
  const first = Value.Errors(schema, value).First();
  return { ok: false, issue: first ? `${first.path || '(root)'} ${first.message}` : 'does not match' };
}

/** GETs `path` from the node that served this page and checks its JSON answer against the route's schema. */
export async function getJson<S extends TSchema>(path: string, schema: S, signal?: AbortSignal): Promise<Static<S>> {
  let res: Response;
  try {
    res = await fetch(path, { signal: signal ?? AbortSignal.timeout(10_000), headers: { accept: 'application/json' } });
  } catch (error) {
    throw new ApiCallError(0, `the node did not answer: ${(error as Error).message}`);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = checkJson(ErrorSchema, body);
    if (!error.ok) throw new ApiCallError(res.status, `HTTP ${res.status}`);
    throw new ApiCallError(res.status, error.value.message, error.value.details);
  }
  const checked = checkJson(schema, body);
  if (!checked.ok) throw new ApiCallError(res.status, `unexpected answer from ${path}: ${checked.issue}`);
  return checked.value;
}

/** The WebSocket URL of a stream path on the node that served this page. */
export function streamUrl(path: string): string {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
