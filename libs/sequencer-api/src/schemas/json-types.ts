import { Type, type SchemaOptions, type TSchema } from '@sinclair/typebox';

/** A JSON number that is a non-negative safe integer (heights, views, counts, milliseconds). */
export const Uint = (options: SchemaOptions = {}) =>
  Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, ...options });

/** The largest namespace id: namespaces are uint32. */
export const MAX_NAMESPACE = 0xffffffff;

/** A namespace id, a JSON integer in [0, 2^32). */
export const Namespace = (options: SchemaOptions = {}) =>
  Type.Integer({ minimum: 0, maximum: MAX_NAMESPACE, ...options });

/** A uint64 (or any non-negative integer too large for a JSON number) as a decimal string. */
export const Decimal = (options: SchemaOptions = {}) => Type.String({ pattern: '^[0-9]+$', ...options });

/** Bytes as 0x hex; exactly `bytes` of them when given. */
export const HexBytes = (bytes?: number, options: SchemaOptions = {}) =>
  Type.String({
    pattern: bytes === undefined ? '^0x([0-9a-fA-F]{2})*$' : `^0x[0-9a-fA-F]{${bytes * 2}}$`,
    ...options,
  });

/** A 32-byte hash or commitment as 0x hex (the node writes lower case). */
export const Hash = (options: SchemaOptions = {}) => HexBytes(32, { example: `0x${'ab'.repeat(32)}`, ...options });

/** Bytes as standard or URL-safe base64 (the node writes standard base64). */
export const Base64 = (options: SchemaOptions = {}) =>
  Type.String({ pattern: '^[A-Za-z0-9+/_-]*={0,2}$', description: 'standard base64', ...options });

/** `schema` or JSON null. */
export const Nullable = <S extends TSchema>(schema: S, options: SchemaOptions = {}) =>
  Type.Union([schema, Type.Null()], options);
