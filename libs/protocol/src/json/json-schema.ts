import { type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { BaseError } from '../errors/base-error';

/** Where a value broke its schema (the first place found): a JSON pointer and what was expected there. */
export interface SchemaIssue {
  /** JSON pointer into the value, `""` for the value itself. */
  readonly path: string;
  readonly message: string;
}

/** A value does not have the shape its boundary's schema describes; `issues` says where. */
export class SchemaError extends BaseError {
  override name = 'SchemaError';
  readonly issues: readonly SchemaIssue[];
  constructor(what: string, issues: readonly SchemaIssue[]) {
    super(`${what}: ${describeIssues(issues)}`, { details: { issues: issues.length } });
    this.issues = issues;
  }
}

/** The outcome of checking a value: the typed value, or what is wrong with it. */
export type SchemaCheck<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly SchemaIssue[]; readonly message: string };

/**
 * A compiled schema for one boundary (a file, a request body, a Redis record): the only place that decides whether
 * untrusted JSON has the shape the code reads. The schema is also the document (`schema` is plain JSON Schema).
 */
export interface JsonSchemaDecoder<T> {
  readonly schema: TSchema;
  /** True when `value` has the shape; narrows it. */
  is(value: unknown): value is T;
  /** The value typed, or its issues: for callers that raise their own typed error. */
  check(value: unknown): SchemaCheck<T>;
  /** The value typed; throws SchemaError naming `what` and the first issue. */
  decode(value: unknown, what: string): T;
  /** Parses JSON text, then decodes it; text that is not JSON is a SchemaError too. */
  parse(text: string, what: string): T;
}

/** Compiles `schema` once; the returned decoder is cheap to call on the hot path. */
export function jsonSchema<S extends TSchema>(schema: S): JsonSchemaDecoder<Static<S>> {
  const compiled: TypeCheck<S> = TypeCompiler.Compile(schema);
  // Only the first issue: finding more means walking the rest of the value, which for a hostile array of a
  // hundred thousand valid items after one bad length costs half a second.
  const issuesOf = (value: unknown): SchemaIssue[] => {
    const first = compiled.Errors(value).First();
    return [first ? { path: first.path, message: first.message } : { path: '', message: 'does not match' }];
  };
  const check = (value: unknown): SchemaCheck<Static<S>> => {
    if (compiled.Check(value)) return { ok: true, value };
    const issues = issuesOf(value);
    return { ok: false, issues, message: describeIssues(issues) };
  };
  const decode = (value: unknown, what: string): Static<S> => {
    const result = check(value);
    if (!result.ok) throw new SchemaError(what, result.issues);
    return result.value;
  };
  return {
    schema,
    is: (value: unknown): value is Static<S> => compiled.Check(value),
    check,
    decode,
    parse: (text: string, what: string): Static<S> => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new SchemaError(what, [{ path: '', message: 'is not JSON' }]);
      }
      return decode(value, what);
    },
  };
}

function describeIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((issue) => `${issue.path || '(root)'} ${issue.message}`.slice(0, 300)).join('; ');
}
