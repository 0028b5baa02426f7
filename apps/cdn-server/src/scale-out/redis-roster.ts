import type Redis from 'ioredis';
import type { Hex } from 'viem';
import type { RedisKeys } from './redis-keys';

/**
 * Admits a key atomically. KEYS: roster, roster-index, auth-ts, epoch. ARGV: key, timestamp, expected nodes.
 * Refuses a timestamp at or below the key's last accepted one ({-2, last}) and a new key once the roster holds the
 * expected count ({-1, size}); otherwise records the timestamp, gives a key without one the next index, bumps the
 * epoch and returns {index, isNew, epoch, size}; isNew: the key's first accepted Authenticate (a key of a roster
 * seeded from L1 has its index before it ever connects). One script, so two marshals never hand out one index.
 */
const ADMIT_SCRIPT = `
local last = redis.call('HGET', KEYS[3], ARGV[1])
if last and tonumber(last) >= tonumber(ARGV[2]) then return {-2, last} end
local index = redis.call('HGET', KEYS[2], ARGV[1])
if not index then
  local size = redis.call('LLEN', KEYS[1])
  if size >= tonumber(ARGV[3]) then return {-1, size} end
  index = redis.call('RPUSH', KEYS[1], ARGV[1]) - 1
  redis.call('HSET', KEYS[2], ARGV[1], index)
end
local isNew = 0
if not last then isNew = 1 end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
local epoch = redis.call('INCR', KEYS[4])
return {tonumber(index), isNew, epoch, redis.call('LLEN', KEYS[1])}
`;

/** What the marshal needs to know of a key before it spends a signature check on it. */
export interface RosterLookup {
  /** The key's index, if it is in the roster. */
  readonly index: number | undefined;
  /** Keys in the roster. */
  readonly size: number;
  /** The last Authenticate timestamp accepted for the key, if any. */
  readonly lastTimestampMs: number | undefined;
}

/** The outcome of an atomic admission. */
export type RosterAdmission =
  | {
      readonly kind: 'admitted';
      readonly index: number;
      readonly isNew: boolean;
      readonly epoch: number;
      readonly size: number;
    }
  | { readonly kind: 'full'; readonly size: number }
  | { readonly kind: 'replay'; readonly lastTimestampMs: number };

/**
 * Seeds an empty roster with a stake table's keys in table order. KEYS: roster, roster-index. ARGV: the keys.
 * Returns 1 when it seeded, 0 when a roster was there already (left as it is, for the caller to compare).
 */
const SEED_SCRIPT = `
if redis.call('LLEN', KEYS[1]) > 0 then return 0 end
for i, key in ipairs(ARGV) do
  redis.call('RPUSH', KEYS[1], key)
  redis.call('HSET', KEYS[2], key, i - 1)
end
return 1
`;

type SeedCommand = (roster: string, rosterIndex: string, ...publicKeys: string[]) => Promise<number>;

type AdmitCommand = (
  roster: string,
  rosterIndex: string,
  authTimestamps: string,
  epoch: string,
  key: string,
  timestampMs: string,
  expected: string,
) => Promise<[number, number | string, number?, number?]>;

/** The roster of the scale-out, kept in Redis: keys in join order, an index per key, replay timestamps. */
export class RedisRoster {
  private readonly admitScript: AdmitCommand;
  private readonly seedScript: SeedCommand;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    // defineCommand runs the script by its SHA and loads it again when Redis has forgotten it (after a restart).
    if (!('hotshotAdmit' in redis)) redis.defineCommand('hotshotAdmit', { numberOfKeys: 4, lua: ADMIT_SCRIPT });
    this.admitScript = (redis as unknown as { hotshotAdmit: AdmitCommand }).hotshotAdmit.bind(redis);
    if (!('hotshotSeed' in redis)) redis.defineCommand('hotshotSeed', { numberOfKeys: 2, lua: SEED_SCRIPT });
    this.seedScript = (redis as unknown as { hotshotSeed: SeedCommand }).hotshotSeed.bind(redis);
  }

  /**
   * Makes the roster exactly `publicKeys`, in that order, when it is empty (a marshal reading the roster from L1);
   * resolves with the roster as Redis holds it afterwards, which the caller compares with what it asked for.
   */
  async seed(publicKeys: readonly Hex[]): Promise<Hex[]> {
    await this.seedScript(this.keys.roster, this.keys.rosterIndex, ...publicKeys);
    return this.keysFrom(0);
  }

  /** The key's index, the roster size and the key's last timestamp, in one round trip. */
  async lookup(publicKey: Hex): Promise<RosterLookup> {
    const results = await this.redis
      .pipeline()
      .hget(this.keys.rosterIndex, publicKey)
      .llen(this.keys.roster)
      .hget(this.keys.authTimestamps, publicKey)
      .exec();
    const values = (results ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    const [index, size, last] = values as [string | null, number, string | null];
    return {
      index: index === null ? undefined : Number(index),
      size,
      lastTimestampMs: last === null ? undefined : Number(last),
    };
  }

  /** Admits `publicKey` with an Authenticate timestamp, atomically (see ADMIT_SCRIPT). */
  async admit(publicKey: Hex, timestampMs: number, expectedNodes: number): Promise<RosterAdmission> {
    const k = this.keys;
    const reply = await this.admitScript(
      k.roster,
      k.rosterIndex,
      k.authTimestamps,
      k.epoch,
      publicKey,
      String(timestampMs),
      String(expectedNodes),
    );
    const [code, second, epoch, size] = reply;
    if (code === -2) return { kind: 'replay', lastTimestampMs: Number(second) };
    if (code === -1) return { kind: 'full', size: Number(second) };
    return { kind: 'admitted', index: code, isNew: Number(second) === 1, epoch: Number(epoch), size: Number(size) };
  }

  /** The keys at index `start` and beyond, in index order. */
  async keysFrom(start: number): Promise<Hex[]> {
    return (await this.redis.lrange(this.keys.roster, start, -1)) as Hex[];
  }
}
