import { jsonSchema, type Bytes32 } from '@hotshot/protocol';
import { Type, type Static } from '@sinclair/typebox';
import type { Hex } from 'viem';
import { SIGNING_REFUSALS } from '../signer-errors';
import type { SigningRequest } from '../signing-request';

/**
 * The longest message either side buffers, in characters: a sign message and its reply are under 1 KB, and the
 * transport's default (128 M characters) would let any stranger who reaches the port pin that much memory.
 */
export const SIGNER_MAX_MESSAGE_CHARS = 64 * 1024;

/** The message patterns a `sequencer-signer` answers on its TCP transport. */
export const SignerPattern = { sign: 'signer.sign', publicKeys: 'signer.public-keys' } as const;

const hex = (bytes: number) => Type.String({ pattern: `^0x[0-9a-fA-F]{${bytes * 2}}$` });
const Uint = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
/** A chain id as a decimal string: JSON has no bigint. */
const ChainId = Type.String({ pattern: '^(0|[1-9][0-9]{0,77})$' });
const strict = { additionalProperties: false } as const;

const WireRequestSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Union([
        Type.Literal('quorum-vote'),
        Type.Literal('da-vote'),
        Type.Literal('proposal'),
        Type.Literal('da-proposal'),
      ]),
      chainId: ChainId,
      view: Uint,
      commitment: hex(32),
      digest: hex(32),
    },
    strict,
  ),
  Type.Object(
    { kind: Type.Literal('timeout-vote'), chainId: ChainId, view: Uint, highQcView: Uint, digest: hex(32) },
    strict,
  ),
  Type.Object(
    {
      kind: Type.Literal('certificate'),
      chainId: ChainId,
      highQcView: Uint,
      commitment: hex(32),
      timeoutView: Uint,
      digest: hex(32),
    },
    strict,
  ),
  Type.Object(
    { kind: Type.Literal('finality'), chainId: ChainId, height: Uint, commitment: hex(32), digest: hex(32) },
    strict,
  ),
  Type.Object({ kind: Type.Literal('cdn-auth'), chainId: ChainId, timestampMs: Uint, digest: hex(32) }, strict),
]);

/** A signing request as JSON on the wire. */
export type WireSigningRequest = Static<typeof WireRequestSchema>;

const AuthSchema = Type.Object(
  {
    /** The client's clock when it sent the request (ms since the epoch); the signer refuses a stale one. */
    timestampMs: Uint,
    /** 16 random bytes, so two identical requests in one millisecond still have different MACs. */
    nonce: hex(16),
    /** HMAC-SHA256 under the shared secret over the operation, the body and the two fields above. */
    mac: hex(32),
  },
  strict,
);

/** The authentication every message carries. */
export type RequestAuth = Static<typeof AuthSchema>;

const SignMessageSchema = Type.Object({ publicKey: hex(48), request: WireRequestSchema, auth: AuthSchema }, strict);
/** A sign message: which key, the request, and the client's MAC. */
export type SignMessage = Static<typeof SignMessageSchema>;
/** The one schema of a sign message. */
export const signMessageSchema = jsonSchema(SignMessageSchema);

const PublicKeysMessageSchema = Type.Object({ auth: AuthSchema }, strict);
/** A public-keys message (authenticated too: the keys a signer holds are not for anyone). */
export type PublicKeysMessage = Static<typeof PublicKeysMessageSchema>;
/** The one schema of a public-keys message. */
export const publicKeysMessageSchema = jsonSchema(PublicKeysMessageSchema);

const RefusalSchema = Type.Object({
  ok: Type.Literal(false),
  code: Type.Union(SIGNING_REFUSALS.map((code) => Type.Literal(code))),
  message: Type.String({ maxLength: 1000 }),
});

const SignReplySchema = Type.Union([
  Type.Object({ ok: Type.Literal(true), signature: hex(96), repeated: Type.Boolean() }),
  RefusalSchema,
]);
/** An answer to a sign message: a signature, or a refusal with its stable code. */
export type SignReply = Static<typeof SignReplySchema>;
/** The one schema of the answer to a sign message. */
export const signReplySchema = jsonSchema(SignReplySchema);

const PublicKeysReplySchema = Type.Union([
  Type.Object({ ok: Type.Literal(true), publicKeys: Type.Array(hex(48), { maxItems: 10_000 }) }),
  RefusalSchema,
]);
/** An answer to a public-keys message. */
export type PublicKeysReply = Static<typeof PublicKeysReplySchema>;
/** The one schema of the answer to a public-keys message. */
export const publicKeysReplySchema = jsonSchema(PublicKeysReplySchema);

/** A request as JSON (the chain id as a decimal string). */
export function requestToWire(request: SigningRequest): WireSigningRequest {
  return { ...request, chainId: request.chainId.toString() } as WireSigningRequest;
}

/** A decoded wire request as the typed request. */
export function requestFromWire(wire: WireSigningRequest): SigningRequest {
  return { ...wire, chainId: BigInt(wire.chainId), digest: wire.digest as Bytes32 } as SigningRequest;
}

/**
 * The bytes a sign message's MAC covers besides the operation: every field, in a fixed order, so the MAC does not
 * depend on how either side orders JSON properties.
 */
export function signMessageBody(publicKey: Hex | string, request: WireSigningRequest): string {
  const fields = request as Partial<
    Record<'view' | 'height' | 'timestampMs' | 'commitment' | 'highQcView' | 'timeoutView', unknown>
  >;
  return JSON.stringify([
    publicKey,
    request.kind,
    request.chainId,
    fields.view ?? null,
    fields.height ?? null,
    fields.timestampMs ?? null,
    fields.commitment ?? null,
    fields.highQcView ?? null,
    fields.timeoutView ?? null,
    request.digest,
  ]);
}
