import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL that tests use (trust auth, database `test`). */
export const TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Hands out fresh random schema names (`test_<hex>`) and drops every one of them, with its tables, after the
 * enclosing suite. Call it at the top of a spec file or inside a describe, where Jest hooks may be registered.
 */
export function usePostgresTestSchemas(url: string = TEST_POSTGRES_URL): () => string {
  const created: string[] = [];
  afterAll(async () => {
    if (created.length === 0) return;
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      for (const schema of created.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  });
  return () => {
    const schema = `test_${randomBytes(8).toString('hex')}`;
    created.push(schema);
    return schema;
  };
}
