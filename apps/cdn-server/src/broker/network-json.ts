import { Type, type Static } from '@sinclair/typebox';
import { ConsensusConfigSchema } from '@hotshot/protocol';
import type { Hex } from 'viem';

/** A node's BLS public key as the CDN server stores it: 48 bytes of lower-case hex, typed as a string (a key). */
export const PublicKeyNameJson = Type.String({ pattern: '^0x[0-9a-f]{96}$' });
/** A node's BLS public key as the CDN server stores it, typed as Hex. */
export const PublicKeyJson = Type.Unsafe<Hex>(PublicKeyNameJson);

/**
 * What defines a network, stored as the network definition in Redis and as the head of a broker's roster file:
 * `{ "version": 1, "expectedNodes": 4, "config": { "chainId": "35353", ... } }`.
 */
export const NetworkJson = Type.Object({
  version: Type.Literal(1),
  expectedNodes: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  config: ConsensusConfigSchema,
});
export type NetworkJson = Static<typeof NetworkJson>;

// roster-store.ts still imports the config codec under these names; it lives in @hotshot/protocol with the schema.
