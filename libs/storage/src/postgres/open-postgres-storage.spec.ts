import { Client } from 'pg';
import { transactionHash, type Transaction } from '@hotshot/protocol';
import { SafetyViolationError, StorageError } from '../errors';
import { buildDecidedChain } from '../testing/chain-builder';
import { TEST_POSTGRES_URL, usePostgresTestSchemas } from '../testing/postgres-test-schemas';
import { openPostgresStorage, type PostgresStorage } from './open-postgres-storage';
import { PostgresDatabase } from './postgres-database';
import { MIGRATIONS_TABLE, migratePostgres, POSTGRES_MIGRATIONS } from './postgres-migrations';

const nextSchema = usePostgresTestSchemas();
const tx = (namespace: number, text: string): Transaction => ({ namespace, payload: new TextEncoder().encode(text) });
const chain = buildDecidedChain(9n, [[tx(1, 'a'), tx(2, 'b')], [], [tx(1, 'c')]]);

/** Runs one statement on a connection of its own, outside the store under test. */
async function sql<R extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('openPostgresStorage', () => {
  const open: PostgresStorage<unknown>[] = [];
  const track = async (storage: Promise<PostgresStorage<unknown>>) => {
    const opened = await storage;
    open.push(opened);
    return opened;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((storage) => storage.close()));
  });

  it('runs each migration once and keeps the data across a reopen', async () => {
    const schema = nextSchema();
    const first = await track(openPostgresStorage(TEST_POSTGRES_URL, { schema }));
    expect(first.schemaVersion).toBe(POSTGRES_MIGRATIONS.length);
    await first.availability.appendDecided(chain);
    await first.close();
    const second = await track(openPostgresStorage(TEST_POSTGRES_URL, { schema }));
    expect(second.schemaVersion).toBe(POSTGRES_MIGRATIONS.length);
    expect(await second.availability.latestHeight()).toBe(3);
    const versions = await sql<{ version: number }>(`SELECT version FROM ${schema}.${MIGRATIONS_TABLE} ORDER BY 1`);
    expect(versions.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((_sql, i) => i + 1));
  });

  it('migrates once when several nodes open a fresh schema at the same time', async () => {
    const schema = nextSchema();
    const opened = await Promise.all([1, 2, 3].map(() => track(openPostgresStorage(TEST_POSTGRES_URL, { schema }))));
    expect(opened.map((storage) => storage.schemaVersion)).toEqual([1, 1, 1].map(() => POSTGRES_MIGRATIONS.length));
    const [{ count }] = await sql<{ count: string }>(`SELECT count(*) FROM ${schema}.${MIGRATIONS_TABLE}`);
    expect(Number(count)).toBe(POSTGRES_MIGRATIONS.length);
  });

  it('refuses a schema written by a newer version, and leaves it untouched', async () => {
    const schema = nextSchema();
    await (await openPostgresStorage(TEST_POSTGRES_URL, { schema })).close();
    const newer = POSTGRES_MIGRATIONS.length + 1;
    await sql(`INSERT INTO ${schema}.${MIGRATIONS_TABLE} (version) VALUES ($1)`, [newer]);
    const failure = openPostgresStorage(TEST_POSTGRES_URL, { schema });
    await expect(failure).rejects.toThrow(StorageError);
    await expect(failure).rejects.toThrow('newer version');
    await expect(failure).rejects.toMatchObject({
      details: { schemaVersion: newer, supported: POSTGRES_MIGRATIONS.length, schema },
    });
    const [{ count }] = await sql<{ count: string }>(`SELECT count(*) FROM ${schema}.${MIGRATIONS_TABLE}`);
    expect(Number(count)).toBe(newer);
  });

  it('keeps one copy when two nodes append the same blocks at once, and refuses a racing fork', async () => {
    const schema = nextSchema();
    const [a, b] = await Promise.all([1, 2].map(() => track(openPostgresStorage(TEST_POSTGRES_URL, { schema }))));
    await Promise.all([a!.availability.appendDecided(chain), b!.availability.appendDecided(chain)]);
    const counts = await sql<{ leaves: string; payloads: string; txs: string }>(
      `SELECT (SELECT count(*) FROM ${schema}.leaves) AS leaves, (SELECT count(*) FROM ${schema}.payloads) AS payloads,
        (SELECT count(*) FROM ${schema}.transactions) AS txs`,
    );
    expect(counts[0]).toEqual({ leaves: '4', payloads: '4', txs: '3' });
    expect((await b!.availability.getTransaction(transactionHash(tx(1, 'c'))))?.height).toBe(3);

    const next = buildDecidedChain(9n, [[tx(1, 'a'), tx(2, 'b')], [], [tx(1, 'c')], [tx(5, 'x')]])[4]!;
    const fork = buildDecidedChain(9n, [[tx(1, 'a'), tx(2, 'b')], [], [tx(1, 'c')], [tx(5, 'y')]])[4]!;
    const results = await Promise.allSettled([
      a!.availability.appendDecided([next]),
      b!.availability.appendDecided([fork]),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(
      SafetyViolationError,
    );
  });

  it('keeps payload bytes exact through bytea', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_v, i) => i);
    const binary = buildDecidedChain(9n, [[{ namespace: 4_000_000_000, payload: bytes }]]);
    const storage = await track(openPostgresStorage(TEST_POSTGRES_URL, { schema: nextSchema() }));
    await storage.availability.appendDecided(binary);
    expect(await storage.availability.getBlock(1)).toEqual(binary[1]);
    const location = await storage.availability.getTransaction(
      transactionHash({ namespace: 4_000_000_000, payload: bytes }),
    );
    expect(location?.transaction).toEqual({ namespace: 4_000_000_000, payload: bytes });
  });

  it('turns a statement stuck behind a lock into a StorageError once the statement timeout passes', async () => {
    const schema = nextSchema();
    const storage = await track(openPostgresStorage(TEST_POSTGRES_URL, { schema, statementTimeoutMs: 300 }));
    const holder = new Client({ connectionString: TEST_POSTGRES_URL });
    await holder.connect();
    try {
      await holder.query(`BEGIN; LOCK TABLE ${schema}.leaves IN ACCESS EXCLUSIVE MODE`);
      const stuck = storage.availability.appendDecided(chain);
      await expect(stuck).rejects.toThrow('PostgreSQL did not answer in time');
      await expect(stuck).rejects.toMatchObject({ details: { operation: 'append decided blocks', code: '57014' } });
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    await storage.availability.appendDecided(chain);
    expect(await storage.availability.latestHeight()).toBe(3);
  });

  it('reports a dropped idle connection and serves the next request on a new one', async () => {
    // The schema's random name doubles as the application name that picks out this pool's connections.
    const schema = nextSchema();
    const errors: StorageError[] = [];
    const storage = await track(
      openPostgresStorage(`${TEST_POSTGRES_URL}?application_name=${schema}`, {
        schema,
        onConnectionError: (error) => errors.push(error),
      }),
    );
    await sql('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [schema]);
    await waitFor(() => errors.length > 0);
    expect(errors[0]).toBeInstanceOf(StorageError);
    expect(errors[0]!.details).toMatchObject({ operation: 'idle connection' });
    expect(await storage.availability.latestHeight()).toBeUndefined();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!condition()) throw new Error('condition not met within 2 s');
}

describe('openPostgresStorage on a schema-2 database', () => {
  it('keeps the undecided payloads it held, and stores new ones beside them', async () => {
    const schema = nextSchema();
    const old = new PostgresDatabase(TEST_POSTGRES_URL, { schema });
    try {
      await migratePostgres(old, POSTGRES_MIGRATIONS.slice(0, 2));
      await old.query('write an undecided payload', 'INSERT INTO undecided_payloads VALUES ($1, $2, $3)', [
        '0xaa',
        7,
        Buffer.from('held before'),
      ]);
    } finally {
      await old.close();
    }
    const storage = await openPostgresStorage(TEST_POSTGRES_URL, { schema });
    try {
      expect(storage.schemaVersion).toBe(POSTGRES_MIGRATIONS.length);
      const bytes = (text: string) => new Uint8Array(Buffer.from(text));
      await storage.safety.commit({
        payloads: [{ commitment: '0xbb', view: 8, bytes: bytes('stored after') }],
        actions: [],
        state: {},
        lastActionedView: 8,
        dropPayloadsBelowView: 0,
      });
      expect(await storage.safety.loadPayloads(['0xaa', '0xbb'])).toEqual(
        new Map([
          ['0xaa', bytes('held before')],
          ['0xbb', bytes('stored after')],
        ]),
      );
    } finally {
      await storage.close();
    }
  });
});
