import { createServer, type Server, type Socket } from 'node:net';
import { StorageError } from '../errors';
import { TEST_POSTGRES_URL, usePostgresTestSchemas } from '../testing/postgres-test-schemas';
import { openPostgresStorage } from './open-postgres-storage';
import { PostgresDatabase } from './postgres-database';
import { redactPostgresUrl } from './postgres-url';

const nextSchema = usePostgresTestSchemas();

/** Where an opening error shows the URL: its message and details, and its causes' messages. */
function everythingSaid(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) parts.push(e.message, JSON.stringify(e));
  return parts.join('\n');
}

async function openingError(url: string, options = {}): Promise<StorageError> {
  const error: unknown = await openPostgresStorage(url, options).then(
    (storage) => storage.close().then(() => undefined),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

describe('PostgreSQL connection errors', () => {
  it('redacts the password of a URL, parsable or not', () => {
    expect(redactPostgresUrl('postgres://alice:s3cret@db.example:5432/seq')).toBe(
      'postgres://alice:***@db.example:5432/seq',
    );
    expect(redactPostgresUrl('postgres://alice@db.example/seq')).toBe('postgres://alice@db.example/seq');
    expect(redactPostgresUrl('postgres://alice:p@ss w0rd@db example/seq')).toBe('postgres://alice:***@db example/seq');
  });

  it('refuses a URL that is not a PostgreSQL URL, without showing its password', async () => {
    const garbage = await openingError('postgres://alice:s3cret@[bad host/seq');
    expect(garbage.shortMessage).toBe('invalid PostgreSQL URL');
    expect(garbage.details.url).toBe('postgres://alice:***@[bad host/seq');
    const http = await openingError('http://alice:s3cret@127.0.0.1:5432/test');
    expect(http.shortMessage).toMatch(/scheme must be postgres/);
    for (const error of [garbage, http]) expect(everythingSaid(error)).not.toContain('s3cret');
  });

  it('reports an unreachable server with the redacted URL and no password anywhere', async () => {
    const error = await openingError('postgres://postgres:s3cret@127.0.0.1:1/test');
    expect(error.shortMessage).toBe('cannot reach PostgreSQL');
    expect(error.details).toMatchObject({
      url: 'postgres://postgres:***@127.0.0.1:1/test',
      operation: 'migrate',
      code: 'ECONNREFUSED',
    });
    expect(everythingSaid(error)).not.toContain('s3cret');
  });

  it('gives up on a server that accepts the connection but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const error = await openingError(`postgres://postgres:s3cret@127.0.0.1:${port}/test`, { connectTimeoutMs: 200 });
      expect(error.shortMessage).toBe('PostgreSQL did not answer in time');
      expect(error.details.url).toBe(`postgres://postgres:***@127.0.0.1:${port}/test`);
      expect(everythingSaid(error)).not.toContain('s3cret');
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('refuses a schema name that would need quoting', async () => {
    for (const schema of ['Upper', 'semi;colon', '1digit', '']) {
      const error = await openingError(TEST_POSTGRES_URL, { schema });
      expect(error.shortMessage).toMatch(/invalid PostgreSQL schema name/);
    }
  });

  it("applies the URL's own options alongside the search path", async () => {
    const schema = nextSchema();
    await (await openPostgresStorage(TEST_POSTGRES_URL, { schema })).close();
    const db = new PostgresDatabase(`${TEST_POSTGRES_URL}?options=${encodeURIComponent('-c work_mem=7MB')}`, {
      schema,
    });
    try {
      expect((await db.query<{ work_mem: string }>('test', 'SHOW work_mem')).rows[0]?.work_mem).toBe('7MB');
      expect((await db.query<{ s: string }>('test', 'SELECT current_schema() AS s')).rows[0]?.s).toBe(schema);
    } finally {
      await db.close();
    }
  });

  it('commits synchronously unless the URL says otherwise', async () => {
    const setting = async (url: string) => {
      const db = new PostgresDatabase(url);
      try {
        return (await db.query<{ synchronous_commit: string }>('test', 'SHOW synchronous_commit')).rows[0]
          ?.synchronous_commit;
      } finally {
        await db.close();
      }
    };
    expect(await setting(TEST_POSTGRES_URL)).toBe('on');
    expect(await setting(`${TEST_POSTGRES_URL}?options=${encodeURIComponent('-c synchronous_commit=local')}`)).toBe(
      'local',
    );
  });
});
