import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import { startTestApi, type TestApi } from './testing/api-test-app';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

interface SchemaObject {
  type?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  nullable?: boolean;
}

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: SchemaObject }> }>;
  parameters?: { name: string }[];
  requestBody?: { content: Record<string, { schema: SchemaObject }> };
}

/** The JSON schema of an operation's answer with `status`. */
const answer = (operation: Operation, status: string): SchemaObject =>
  operation.responses[status]!.content!['application/json']!.schema;

describe('the OpenAPI document and page', () => {
  let store: AvailabilityStore;
  let api: TestApi;
  let document: OpenApiDocument;
  beforeAll(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    api = await startTestApi({ store });
    const res = await fetch(`${api.url}/docs/json`);
    expect(res.status).toBe(200);
    document = (await res.json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  it('lists every endpoint, generated from the controllers', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/healthz',
        '/v0/availability/block/{from}/{until}',
        '/v0/availability/block/{from}/{until}/namespace/{namespace}',
        '/v0/availability/block/{height}',
        '/v0/availability/block/{height}/namespace/{namespace}',
        '/v0/availability/block/hash/{hash}',
        '/v0/availability/block/summaries/{from}/{until}',
        '/v0/availability/header/{from}/{until}',
        '/v0/availability/header/{height}',
        '/v0/availability/header/hash/{hash}',
        '/v0/availability/leaf/{from}/{until}',
        '/v0/availability/leaf/{height}',
        '/v0/availability/leaf/hash/{hash}',
        '/v0/availability/limits',
        '/v0/availability/payload/{height}',
        '/v0/availability/stream/blocks/{from}',
        '/v0/availability/stream/blocks/{from}/namespace/{namespace}',
        '/v0/availability/stream/headers/{from}',
        '/v0/availability/stream/leaves/{from}',
        '/v0/availability/stream/transactions/{from}',
        '/v0/availability/stream/transactions/{from}/namespace/{namespace}',
        '/v0/availability/transaction/{height}/{index}',
        '/v0/availability/transaction/hash/{hash}',
        '/v0/config/hotshot',
        '/v0/light-client/certificate/latest',
        '/v0/light-client/certificate/{height}',
        '/v0/node/block-height',
        '/v0/node/header/window/{start}/{end}',
        '/v0/node/header/window/from/{height}/{end}',
        '/v0/node/sync-status',
        '/v0/node/transactions/count',
        '/v0/node/transactions/count/namespace/{namespace}',
        '/v0/status/block-height',
        '/v0/status/dashboard',
        '/v0/status/earliest-available-height',
        '/v0/status/mempool-info',
        '/v0/status/metrics',
        '/v0/status/time-since-last-decide',
        '/v0/submit/batch',
        '/v0/submit/submit',
      ].sort(),
    );
  });

  it("describes requests and responses with @hotshot/sequencer-api's schemas, errors included", () => {
    const namespace = document.paths['/v0/availability/block/{height}/namespace/{namespace}']!.get!;
    expect(namespace.parameters!.map((p) => p.name).sort()).toEqual(['height', 'namespace']);
    expect(Object.keys(namespace.responses).sort()).toEqual(['200', '400', '404', '410']);
    const proof = answer(namespace, '200');
    expect(Object.keys(proof.properties!)).toEqual(
      expect.arrayContaining(['header', 'namespaceTable', 'index', 'namespacePayload', 'transactions']),
    );
    expect(proof.properties!.index).toMatchObject({ type: 'integer', nullable: true });
    expect(proof.properties!.header!.required).toContain('payloadCommitment');
    const certificate = answer(document.paths['/v0/light-client/certificate/latest']!.get!, '200');
    expect(Object.keys(certificate.properties!)).toContain('signatureEip2537');
    expect(Object.keys(answer(namespace, '404').properties!)).toEqual(['error', 'message', 'details']);
    expect(document.paths['/v0/availability/stream/blocks/{from}']!.get!.responses).toHaveProperty('101');
    const submitBody = document.paths['/v0/submit/submit']!.post!.requestBody!.content['application/json']!.schema;
    expect(submitBody).toMatchObject({ type: 'object', required: ['namespace', 'payload'] });
  });

  it('serves the Swagger UI page and the assets it loads, and nothing else under /docs', async () => {
    const page = await fetch(`${api.url}/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toHaveLength(4);
    for (const asset of assets) {
      const res = await fetch(`${api.url}${asset}`);
      expect([asset, res.status]).toEqual([asset, 200]);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(20);
    }
    for (const path of ['/docs/package.json', '/docs/..%2Fpackage.json', '/docs/index.html', '/docs/toString']) {
      const res = await fetch(`${api.url}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
      expect(await res.json()).toHaveProperty('error');
    }
  });
});
