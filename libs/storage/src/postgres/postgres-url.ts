import { StorageError } from '../errors';

/** Schema names the store accepts: lower-case identifiers, which double quotes make safe even when a keyword. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The URL with its password replaced by `***`, safe for logs and error details. Never throws. */
export function redactPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL at all: hide whatever sits between `user:` and the last `@`.
    return url.replace(/^([^:/]*:\/\/[^:@/]*:).*@/, '$1***@');
  }
}

/** A connection URL split into what the pool needs: the URL itself and its `options` startup parameter. */
export interface ParsedPostgresUrl {
  /** The URL without its `options` parameter (the store adds its own search_path there). */
  readonly connectionString: string;
  /** The `options` parameter the URL carried (`-c name=value` pairs), if any. */
  readonly options?: string;
  /** The URL with the password redacted. */
  readonly redacted: string;
}

/** Checks that `url` is a postgres:// or postgresql:// URL; throws StorageError (password redacted) otherwise. */
export function parsePostgresUrl(url: string): ParsedPostgresUrl {
  const redacted = redactPostgresUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new StorageError('invalid PostgreSQL URL', { url: redacted }, cause);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new StorageError('invalid PostgreSQL URL: the scheme must be postgres:// or postgresql://', {
      url: redacted,
    });
  }
  const options = parsed.searchParams.get('options') ?? undefined;
  if (options === undefined) return { connectionString: url, redacted };
  // pg lets a URL's `options` replace the configured one; lift it out so both apply.
  parsed.searchParams.delete('options');
  return { connectionString: parsed.toString(), options, redacted };
}

/** Checks a schema name (lower-case letters, digits, underscores; at most 63 bytes). */
export function checkSchemaName(schema: string, redactedUrl: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new StorageError('invalid PostgreSQL schema name: use lower-case letters, digits and underscores', {
      url: redactedUrl,
      schema,
    });
  }
  return schema;
}
