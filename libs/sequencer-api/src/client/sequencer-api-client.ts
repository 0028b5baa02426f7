import type { Header } from '@hotshot/protocol';
import { MalformedApiResponseError, SequencerApiError, SequencerUnreachableError } from '../errors';
import {
  blockHeightFromJson,
  certifiedHeaderFromJson,
  headersFromJson,
  namespaceBlockFromJson,
  networkConfigFromJson,
  transactionHashFromJson,
  transactionHashesFromJson,
  type CertifiedHeader,
  type NamespaceBlock,
  type NetworkConfig,
} from '../json/decode';
import type { SubmitTransactionJson } from '../schemas/submit.schema';

/** Most heights one range request spans (the API's bound). */
export const API_MAX_RANGE = 100;

/**
 * A client of a sequencer node's HTTP API (DESIGN.md 6) for what L1 posting needs. Every answer is decoded and
 * checked; "not there yet" (404, or 503 before the node joined) comes back as undefined, other errors throw
 * SequencerApiError, SequencerUnreachableError or MalformedApiResponseError.
 */
export class SequencerApiClient {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** Decided blocks so far (the height the next block will have). */
  async blockHeight(): Promise<number> {
    return blockHeightFromJson(await this.get('/v0/status/block-height'));
  }

  /** The finality certificate of the highest certified height, or undefined before the first. */
  async latestCertificate(): Promise<CertifiedHeader | undefined> {
    const json = await this.get('/v0/light-client/certificate/latest', [404]);
    return json === undefined ? undefined : certifiedHeaderFromJson(json);
  }

  /** The finality certificate at `height`, or undefined when that height has none (yet). */
  async certificate(height: number): Promise<CertifiedHeader | undefined> {
    const json = await this.get(`/v0/light-client/certificate/${height}`, [404]);
    return json === undefined ? undefined : certifiedHeaderFromJson(json);
  }

  /** Headers of heights [from, until), fetched in pages; throws when the node serves fewer. */
  async headers(from: number, until: number): Promise<Header[]> {
    const headers: Header[] = [];
    for (let start = from; start < until; start += API_MAX_RANGE) {
      const end = Math.min(until, start + API_MAX_RANGE);
      headers.push(...headersFromJson(await this.get(`/v0/availability/header/${start}/${end}`)));
    }
    headers.forEach((header, i) => {
      if (header.height !== from + i)
        throw new MalformedApiResponseError('header range', 'heights are not consecutive');
    });
    if (headers.length !== until - from) {
      throw new MalformedApiResponseError('header range', `expected ${until - from} headers, got ${headers.length}`);
    }
    return headers;
  }

  /** One namespace of the block at `height`, verified; undefined when the height is not decided yet. */
  async namespaceBlock(height: number, namespace: number): Promise<NamespaceBlock | undefined> {
    const json = await this.get(`/v0/availability/block/${height}/namespace/${namespace}`, [404]);
    return json === undefined ? undefined : namespaceBlockFromJson(json, namespace);
  }

  /** The network's chain id and stake table; undefined until the node has joined the network. */
  async networkConfig(): Promise<NetworkConfig | undefined> {
    const json = await this.get('/v0/config/hotshot', [503]);
    return json === undefined ? undefined : networkConfigFromJson(json);
  }

  /** Submits a transaction; returns its hash. */
  async submit(namespace: number, payload: Uint8Array): Promise<string> {
    const body = JSON.stringify(submitTransactionJson(namespace, payload));
    return transactionHashFromJson(await this.request('/v0/submit/submit', { method: 'POST', body }));
  }

  /** Submits transactions, all accepted or none; returns their hashes in order. */
  async submitBatch(transactions: readonly { namespace: number; payload: Uint8Array }[]): Promise<string[]> {
    const body = JSON.stringify(transactions.map((tx) => submitTransactionJson(tx.namespace, tx.payload)));
    return transactionHashesFromJson(await this.request('/v0/submit/batch', { method: 'POST', body }));
  }

  private get(path: string, absentStatuses: readonly number[] = []): Promise<unknown> {
    return this.request(path, { method: 'GET' }, absentStatuses);
  }

  private async request(
    path: string,
    init: { method: string; body?: string },
    absentStatuses: readonly number[] = [],
  ): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        ...init,
        headers: init.body ? { 'content-type': 'application/json' } : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new SequencerUnreachableError(this.baseUrl, cause);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch (cause) {
      if (response.ok) throw new MalformedApiResponseError(path, 'the body is not JSON', cause);
    }
    if (absentStatuses.includes(response.status)) return undefined;
    if (!response.ok) throw new SequencerApiError(response.status, path, json as { error?: unknown } | undefined);
    return json;
  }
}

/** A transaction in the JSON form the submit routes take. */
export function submitTransactionJson(namespace: number, payload: Uint8Array): SubmitTransactionJson {
  return { namespace, payload: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('base64') };
}
