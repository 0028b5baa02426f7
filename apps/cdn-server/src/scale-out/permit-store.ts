import { randomBytes } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type Redis from 'ioredis';
import { bytesToHex } from 'viem';
import { PERMIT_LENGTH } from '@hotshot/cdn';
import { jsonSchema } from '@hotshot/protocol';
import { PublicKeyJson } from '../broker/network-json';
import type { RedisKeys } from './redis-keys';

/** A non-negative integer that fits a double exactly. */
const index = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

/** What a permit lets its bearer be, on which broker: the value of `permit:<hex>` in Redis. */
const PermitGrantJson = Type.Object({
  publicKey: PublicKeyJson,
  index: index("The key's index in the roster."),
  isNew: Type.Boolean({
    description: "Whether this is the key's first admission (for logs: joined, not reconnected).",
  }),
  epoch: index("Orders the key's sessions across brokers: a later permit has a higher epoch."),
  broker: Type.String({ description: 'The broker the permit is good for.' }),
});
const permitGrant = jsonSchema(PermitGrantJson);

/** What a permit lets its bearer be, on which broker (PermitGrantJson's fields say what each is). */
export type PermitGrant = Readonly<Static<typeof PermitGrantJson>>;

/**
 * One-time permits in Redis (after Push-CDN): the marshal stores 32 random bytes with a short TTL, the broker
 * redeems them with GETDEL, so a permit works once, only before it expires, and only if Redis issued it.
 */
export class PermitStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Stores a fresh permit for `grant` that lives `ttlMs`, counts it against the broker's load; returns it. */
  async issue(grant: PermitGrant, ttlMs: number, nowMs: number): Promise<Uint8Array> {
    const permit = new Uint8Array(randomBytes(PERMIT_LENGTH));
    const hex = bytesToHex(permit);
    const issued = this.keys.issued(grant.broker);
    const results = await this.redis
      .multi()
      .set(this.keys.permit(hex), JSON.stringify(grant), 'PX', ttlMs, 'NX')
      .zadd(issued, nowMs, hex)
      .pexpire(issued, ttlMs * 4)
      .exec();
    for (const [error] of results ?? []) if (error) throw error;
    return permit;
  }

  /** Takes the permit out of Redis; undefined when it is unknown, expired, already used or not a grant. */
  async redeem(permit: Uint8Array): Promise<PermitGrant | undefined> {
    const text = await this.redis.getdel(this.keys.permit(bytesToHex(permit)));
    return text === null ? undefined : parseGrant(text);
  }
}

/** The grant in `text`, or undefined when it is not one (the broker then refuses the permit). */
function parseGrant(text: string): PermitGrant | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  return permitGrant.is(raw) ? raw : undefined;
}
