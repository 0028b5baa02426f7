import type { TSchema } from '@sinclair/typebox';

/** A JSON Schema object as OpenAPI 3.0 reads it (a plain object; TypeBox's symbol keys are dropped). */
export type OpenApiSchema = Record<string, unknown>;

const converted = new WeakMap<TSchema, OpenApiSchema>();

/**
 * The OpenAPI 3.0 form of one of this library's schemas, for `@ApiBody({ schema })` and `@ApiOkResponse({ schema })`:
 * OpenAPI 3.0 has neither `type: 'null'` nor `const`, so `anyOf [X, null]` becomes X with `nullable: true` and a
 * literal becomes a one-value `enum`. Converted once per schema.
 */
export function openApiSchema(schema: TSchema): OpenApiSchema {
  let result = converted.get(schema);
  if (!result) {
    result = convert(schema) as OpenApiSchema;
    converted.set(schema, result);
  }
  return result;
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== 'object') return value;
  const node = value as Record<string, unknown>;
  const variants = node.anyOf;
  if (Array.isArray(variants)) {
    const others = variants.filter((v) => (v as { type?: unknown }).type !== 'null');
    if (others.length === 1 && others.length < variants.length) {
      const { anyOf: _anyOf, ...rest } = node;
      return { ...(convert(others[0]) as object), ...convertFields(rest), nullable: true };
    }
    const literals = variants.map((v) => (v as { const?: unknown }).const);
    if (literals.every((literal) => literal !== undefined)) {
      const { anyOf: _anyOf, ...rest } = node;
      return { ...convertFields(rest), type: typeof literals[0], enum: literals };
    }
  }
  if ('const' in node) {
    const { const: literal, ...rest } = node;
    return { ...convertFields(rest), enum: [literal] };
  }
  return convertFields(node);
}

function convertFields(node: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node).map(([key, field]) => [key, convert(field)]));
}
