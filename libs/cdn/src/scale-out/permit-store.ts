import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { bytesToHex, type Hex } from 'viem';
import { PERMIT_LENGTH } from '../wire/frame-codec';
import type { RedisKeys } from './redis-keys';

/** What a permit lets its bearer be, on which broker. */
export interface PermitGrant {
  readonly publicKey: Hex;
  readonly index: number;
  /** Whether the marshal added the key to the roster for this permit (for logs). */
  readonly isNew: boolean;
  /** Orders the key's sessions across brokers: a later permit has a higher epoch. */
  readonly epoch: number;
  /** The broker the permit is good for. */
  readonly broker: string;
}

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

function parseGrant(text: string): PermitGrant | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const grant = raw as Record<string, unknown>;
  if (
    typeof grant.publicKey !== 'string' ||
    !/^0x[0-9a-f]{96}$/.test(grant.publicKey) ||
    !Number.isSafeInteger(grant.index) ||
    (grant.index as number) < 0 ||
    !Number.isSafeInteger(grant.epoch) ||
    typeof grant.isNew !== 'boolean' ||
    typeof grant.broker !== 'string'
  ) {
    return undefined;
  }
  return grant as unknown as PermitGrant;
}
