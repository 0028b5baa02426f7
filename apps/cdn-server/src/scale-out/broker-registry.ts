import { Type, type Static } from '@sinclair/typebox';
import { jsonSchema } from '@hotshot/protocol';
import type Redis from 'ioredis';
import type { RedisKeys } from './redis-keys';

/** A count that fits a double exactly. */
const count = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

/** A broker as it registers itself in Redis, under `broker:<id>`. */
const BrokerRecordJson = Type.Object({
  id: Type.String(),
  endpoint: Type.String({ description: 'Where nodes connect, `host:port`.' }),
  mesh: Type.String({ description: 'Where other brokers connect, `host:port`.' }),
  token: Type.String({
    description: 'Secret a peer presents in the mesh handshake (whoever can read Redis runs the CDN anyway).',
  }),
  connections: count('Nodes connected when the record was written.'),
  ttlMs: count("TTL the record was written with, so a reader can tell its age from PTTL (Redis's clock, not ours)."),
});
const brokerRecord = jsonSchema(BrokerRecordJson);

/** A broker as it registers itself in Redis (BrokerRecordJson's fields say what each is). */
export type BrokerRecord = Readonly<Static<typeof BrokerRecordJson>>;

/** A registered broker with how long ago it renewed its record and the load the marshal counts for it. */
export interface LiveBroker extends BrokerRecord {
  readonly ageMs: number;
  /** Connected nodes, plus permits issued for it since it counted them. */
  readonly load: number;
}

/** Deletes a broker's record only if it is still the one holding `token` (not a newer broker with the same id). */
const UNREGISTER_SCRIPT = `
local record = redis.call('GET', KEYS[1])
if record and string.find(record, ARGV[1], 1, true) then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[2])
end
return 0
`;

/**
 * The brokers of the scale-out, in Redis with plain commands: each broker renews `broker:<id>` (a TTL, no
 * per-member expiry, which is KeyDB's) and keeps its id in the `brokers` set; readers prune ids whose record expired.
 * The TTL is many renewal periods long (15 s against 1 s by default), so a broker whose event loop stalls for a few
 * seconds stays registered; readers rank brokers by the age of their record instead (see pickBroker).
 */
export class BrokerRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Writes (renews) a broker's record. */
  async heartbeat(record: BrokerRecord): Promise<void> {
    const results = await this.redis
      .multi()
      .set(this.keys.broker(record.id), JSON.stringify(record), 'PX', record.ttlMs)
      .sadd(this.keys.brokers, record.id)
      .exec();
    for (const [error] of results ?? []) if (error) throw error;
  }

  /** Removes a broker's record at shutdown, so the marshal stops sending nodes there at once. */
  async unregister(id: string, token: string): Promise<void> {
    await this.redis.eval(UNREGISTER_SCRIPT, 2, this.keys.broker(id), this.keys.brokers, token, id);
  }

  /** A broker's current record, if it is registered. */
  async record(id: string): Promise<BrokerRecord | undefined> {
    const text = await this.redis.get(this.keys.broker(id));
    return text === null ? undefined : parseRecord(text);
  }

  /**
   * Every registered broker (its record has not expired), with how long ago it renewed and its load: the
   * connections it reported plus the permits issued for it since (a burst of joins spreads before the next renewal
   * reports it). Ages come from Redis's PTTL, so the reader's clock and event loop do not enter into them.
   */
  async registered(nowMs: number, permitTtlMs: number): Promise<LiveBroker[]> {
    const ids = await this.redis.smembers(this.keys.brokers);
    if (ids.length === 0) return [];
    const reads = this.redis.pipeline();
    for (const id of ids) reads.get(this.keys.broker(id)).pttl(this.keys.broker(id));
    const replies = (await reads.exec()) ?? [];
    const found: { record: BrokerRecord; ageMs: number }[] = [];
    const gone: string[] = [];
    ids.forEach((id, i) => {
      const [textError, text] = replies[2 * i];
      const [ttlError, pttl] = replies[2 * i + 1];
      const record = textError || ttlError || typeof text !== 'string' ? undefined : parseRecord(text);
      if (record === undefined || record.id !== id || typeof pttl !== 'number' || pttl < 0) {
        if (text === null) gone.push(id);
        return;
      }
      found.push({ record, ageMs: Math.max(0, record.ttlMs - pttl) });
    });
    if (gone.length > 0) await this.redis.srem(this.keys.brokers, ...gone);
    if (found.length === 0) return [];
    const counts = this.redis.pipeline();
    for (const { record, ageMs } of found) {
      const issued = this.keys.issued(record.id);
      counts.zremrangebyscore(issued, '-inf', nowMs - permitTtlMs).zcount(issued, nowMs - ageMs, '+inf');
    }
    const countReplies = (await counts.exec()) ?? [];
    return found.map(({ record, ageMs }, i) => {
      const [error, count] = countReplies[2 * i + 1] ?? [null, 0];
      return { ...record, ageMs, load: record.connections + (error ? 0 : Number(count)) };
    });
  }
}

/** The broker the marshal sends a node to, and whether it had renewed its record within the freshness bound. */
export interface BrokerChoice {
  readonly broker: LiveBroker;
  readonly stale: boolean;
}

/**
 * Picks a broker for a node, ranked by freshness then load: among the brokers that renewed within `staleAfterMs`,
 * the least loaded (ties at random); when none did, the one heard from most recently (then the least loaded), since
 * a broker whose event loop stalled a few seconds still serves its nodes and beats refusing every node. Undefined
 * only when no broker is registered at all.
 */
export function pickBroker(
  brokers: readonly LiveBroker[],
  staleAfterMs: number,
  random: () => number = Math.random,
): BrokerChoice | undefined {
  const fresh = leastLoaded(
    brokers.filter((b) => b.ageMs <= staleAfterMs),
    random,
  );
  if (fresh !== undefined) return { broker: fresh, stale: false };
  let best: LiveBroker | undefined;
  for (const broker of brokers) {
    if (best === undefined || broker.ageMs < best.ageMs || (broker.ageMs === best.ageMs && broker.load < best.load)) {
      best = broker;
    }
  }
  return best === undefined ? undefined : { broker: best, stale: true };
}

/** The least-loaded broker, ties broken at random so equal brokers share the joins; undefined when none. */
export function leastLoaded(
  brokers: readonly LiveBroker[],
  random: () => number = Math.random,
): LiveBroker | undefined {
  let best: LiveBroker[] = [];
  for (const broker of brokers) {
    if (best.length === 0 || broker.load < best[0].load) best = [broker];
    else if (broker.load === best[0].load) best.push(broker);
  }
  return best.length === 0 ? undefined : best[Math.floor(random() * best.length)];
}

/** The record in `text`, or undefined when it is not a broker record (a foreign or corrupt key is skipped). */
function parseRecord(text: string): BrokerRecord | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  return brokerRecord.is(raw) ? raw : undefined;
}
