import type { PoolClient } from 'pg';

/** PostgreSQL allows at most 65535 parameters in one statement. */
const MAX_PARAMETERS = 65_535;

/**
 * Inserts `rows` with multi-row VALUES statements, ignoring rows whose key exists. Bytes go as binary
 * parameters, which costs less than hex text in an array literal.
 */
export async function insertRowsIgnoringConflicts(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  const perStatement = Math.floor(MAX_PARAMETERS / columns.length);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const tuples = chunk.map(
      (_row, r) => `(${columns.map((_column, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
    );
    await client.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
      chunk.flat(),
    );
  }
}
