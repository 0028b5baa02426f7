import { Type, type Static } from '@sinclair/typebox';
import { AddressJson, ConsensusConfigSchema, DecimalStringJson } from '@hotshot/protocol';
import type { Hex } from 'viem';

/** A node's BLS public key as the CDN server stores it: 48 bytes of lower-case hex, typed as a string (a key). */
export const PublicKeyNameJson = Type.String({ pattern: '^0x[0-9a-f]{96}$' });
/** A node's BLS public key as the CDN server stores it, typed as Hex. */
export const PublicKeyJson = Type.Unsafe<Hex>(PublicKeyNameJson);

/**
 * The stake table a marshal read from StakeTable.sol on L1, stored with the network so that every broker of the
 * scale-out hands out the same table and no marshal started later replaces it: where it was read, and the members in
 * table order (index i is member i).
 */
export const L1StakeTableJson = Type.Object({
  address: AddressJson,
  l1Block: DecimalStringJson(),
  members: Type.Array(Type.Object({ publicKey: PublicKeyJson, stake: DecimalStringJson() }), { minItems: 1 }),
});
export type L1StakeTableJson = Static<typeof L1StakeTableJson>;

/**
 * What defines a network, stored as the network definition in Redis and as the head of a broker's roster file:
 * `{ "version": 1, "expectedNodes": 4, "config": { "chainId": "35353", ... } }`, and in the scale-out, when the
 * marshal read the roster from L1, `"l1StakeTable": { "address": ..., "l1Block": "120", "members": [...] }`.
 */
export const NetworkJson = Type.Object({
  version: Type.Literal(1),
  expectedNodes: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  config: ConsensusConfigSchema,
  l1StakeTable: Type.Optional(L1StakeTableJson),
});
export type NetworkJson = Static<typeof NetworkJson>;

// roster-store.ts still imports the config codec under these names; it lives in @hotshot/protocol with the schema.
