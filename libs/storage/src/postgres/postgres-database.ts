import { Pool, type PoolClient, type QueryResult, type QueryResultRow } from 'pg';
import { StorageError } from '../errors';
import { checkSchemaName, parsePostgresUrl } from './postgres-url';

/** How to reach PostgreSQL and where to keep the tables. */
export interface PostgresOptions {
  /** Schema that holds the tables, created if missing; lower-case identifier. Default `public`. */
  readonly schema?: string;
  /** How long to wait for a new connection, in ms. Default 5000. */
  readonly connectTimeoutMs?: number;
  /** Longest a statement (including a wait for a lock) may run, in ms. Default 30000. */
  readonly statementTimeoutMs?: number;
  /** Most connections the pool opens. Default 10. */
  readonly maxConnections?: number;
  /**
   * Called when an idle pooled connection fails (the server restarted, the network dropped). The pool discards
   * that connection and the next request opens a new one, so this is for logs and metrics. Default: ignored.
   */
  readonly onConnectionError?: (error: StorageError) => void;
}

/** Low-level error codes that mean the server could not be reached or the connection broke. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** A pg Pool bound to one schema, turning every failure into a StorageError with the redacted URL. */
export class PostgresDatabase {
  /** The URL with its password redacted. */
  readonly url: string;
  readonly schema: string;
  private readonly pool: Pool;
  private closing?: Promise<void>;

  constructor(url: string, options: PostgresOptions = {}) {
    const parsed = parsePostgresUrl(url);
    this.url = parsed.redacted;
    this.schema = checkSchemaName(options.schema ?? 'public', this.url);
    const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
    try {
      this.pool = new Pool({
        connectionString: parsed.connectionString,
        options: startupOptions(parsed.options, this.schema),
        connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
        statement_timeout: statementTimeoutMs,
        // The server cancels first; the client-side limit catches a server that stopped answering altogether.
        query_timeout: statementTimeoutMs + 2_000,
        max: options.maxConnections ?? 10,
      });
    } catch (cause) {
      throw this.failure('connect', cause);
    }
    // Without a listener an idle connection's error would crash the process.
    this.pool.on('error', (cause) => options.onConnectionError?.(this.failure('idle connection', cause)));
  }

  /** Runs one statement on any pooled connection; `operation` names it in errors. */
  async query<R extends QueryResultRow>(operation: string, text: string, values?: unknown[]): Promise<QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (cause) {
      throw this.failure(operation, cause);
    }
  }

  /**
   * Runs `body` inside BEGIN ... COMMIT on one connection; rolls back on any error. StorageErrors thrown by
   * `body` (safety violations, gaps) pass through unchanged; everything else becomes a StorageError.
   */
  async transaction<T>(operation: string, body: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (cause) {
      throw this.failure(operation, cause);
    }
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (cause) {
      // A connection that cannot even roll back is broken: destroy it rather than return it to the pool.
      const broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      client.release(broken);
      throw this.failure(operation, cause);
    }
  }

  /** Ends every pooled connection; safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.pool.end().catch((cause: unknown) => {
      throw this.failure('close', cause);
    });
    return this.closing;
  }

  /** Wraps `cause` in a StorageError that names the operation, the redacted URL and the schema. */
  failure(operation: string, cause: unknown): StorageError {
    if (cause instanceof StorageError) return cause;
    const code = (cause as { code?: unknown } | null)?.code;
    const details = {
      operation,
      url: this.url,
      schema: this.schema,
      ...(typeof code === 'string' ? { code } : {}),
    };
    return new StorageError(describeFailure(cause, code), details, cause);
  }
}

/**
 * The startup packet sets these, so every pooled connection has them before its first query: the search path,
 * and synchronous_commit=on (a resolved write must survive a crash) unless the URL's own options pick a value.
 */
function startupOptions(urlOptions: string | undefined, schema: string): string {
  const options = [urlOptions, `-c search_path="${schema}"`];
  if (!/synchronous_commit/.test(urlOptions ?? '')) options.push('-c synchronous_commit=on');
  return options.filter(Boolean).join(' ');
}

function describeFailure(cause: unknown, code: unknown): string {
  const message = cause instanceof Error ? cause.message : '';
  // 57014: statement_timeout cancelled the statement.
  if (code === '57014' || /timeout/i.test(message)) return 'PostgreSQL did not answer in time';
  if (
    (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08') || code.startsWith('57P'))) ||
    /connection terminated|not queryable|ended/i.test(message)
  ) {
    return 'cannot reach PostgreSQL';
  }
  // 28xxx: invalid authorization; 3D000: no such database.
  if (typeof code === 'string' && (code.startsWith('28') || code === '3D000')) return 'PostgreSQL refused the login';
  return 'PostgreSQL request failed';
}
