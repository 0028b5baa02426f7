import { Type } from '@sinclair/typebox';
import { jsonSchema } from '@hotshot/protocol';
import {
  BlockSchema,
  EarliestHeightSchema,
  LeafSchema,
  blockHeightFromJson,
  submitTransactionJson,
  transactionHashFromJson,
  type BlockJson,
  type LeafJson,
} from '@hotshot/sequencer-api';

/** The API's answers, checked against @hotshot/sequencer-api's schemas (a malformed answer is a finding too). */
const leafRange = jsonSchema(Type.Array(LeafSchema));
const blockRange = jsonSchema(Type.Array(BlockSchema));
const earliestHeight = jsonSchema(EarliestHeightSchema);

/** What a submission came back with. */
export type SubmitResult =
  | { readonly kind: 'acknowledged'; readonly hash: string }
  | { readonly kind: 'refused'; readonly status: number }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** A non-2xx answer where the suite needs one. */
export class ApiStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly url: string,
  ) {
    super(`${url} answered ${status}: ${body.slice(0, 200)}`);
  }
}

/** The sequencer's HTTP API at `baseUrl`, with short timeouts: a node under fault answers or is skipped. */
export class NodeApi {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 3000,
  ) {}

  /** Decided block count (the next block's height), or undefined when the node does not answer. */
  async blockHeight(): Promise<number | undefined> {
    try {
      const res = await fetch(`${this.baseUrl}/v0/status/block-height`, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return res.ok ? blockHeightFromJson(await res.json()) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Leaves in [from, until) (at most 100); throws ApiStatusError (410 below the earliest stored height). */
  async leaves(from: number, until: number): Promise<LeafJson[]> {
    return leafRange.decode(await this.getJson(`/v0/availability/leaf/${from}/${until}`), 'leaf range');
  }

  /** Blocks in [from, until) (at most 100). */
  async blocks(from: number, until: number): Promise<BlockJson[]> {
    return blockRange.decode(await this.getJson(`/v0/availability/block/${from}/${until}`), 'block range');
  }

  /** The lowest height this node serves, or undefined when it keeps everything or does not say. */
  async earliestHeight(): Promise<number | undefined> {
    const body = earliestHeight.decode(await this.getJson('/v0/status/earliest-available-height'), 'earliest height');
    return body.earliestHeight ?? undefined;
  }

  /** The Prometheus text of `/v0/status/metrics`. */
  async metricsText(): Promise<string> {
    const res = await fetch(`${this.baseUrl}/v0/status/metrics`, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok) throw new ApiStatusError(res.status, await res.text(), res.url);
    return res.text();
  }

  /** Submits a transaction; an answer that is not 200 is a refusal, no answer is unavailability. */
  async submit(namespace: number, payload: Uint8Array): Promise<SubmitResult> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/v0/submit/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(submitTransactionJson(namespace, payload)),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return { kind: 'unavailable', reason: error instanceof Error ? error.name : 'error' };
    }
    if (res.status === 200) {
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        // The node died between the status line and the body: no acknowledgement was received.
        return { kind: 'unavailable', reason: 'truncated' };
      }
      return { kind: 'acknowledged', hash: transactionHashFromJson(body) };
    }
    await res.body?.cancel();
    // 503 (not ready, mempool full) and 429 (this client's share of the mempool is full) ask to retry later.
    return res.status === 503 || res.status === 429
      ? { kind: 'unavailable', reason: String(res.status) }
      : { kind: 'refused', status: res.status };
  }

  private async getJson(resource: string): Promise<unknown> {
    const res = await fetch(`${this.baseUrl}${resource}`, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok) throw new ApiStatusError(res.status, await res.text(), res.url);
    return res.json();
  }
}
