/** Default prefix of every Redis key the scale-out uses. */
export const DEFAULT_REDIS_PREFIX = 'hotshot-cdn';

/**
 * The Redis keys of one scale-out CDN, all under `prefix` (so networks, and tests, can share a Redis):
 * - `network`: the node count and consensus config, as JSON; written once by the first marshal.
 * - `roster` (list, keys in index order) and `roster-index` (hash, key to index): the roster.
 * - `auth-ts` (hash, key to the last accepted Authenticate timestamp): replay protection across marshals.
 * - `epoch` (counter): orders the sessions of a key across brokers.
 * - `permit:<hex>`: a one-time permit, with a TTL.
 * - `brokers` (set of ids) and `broker:<id>` (JSON, with a TTL the broker's heartbeat renews): the live brokers.
 * - `issued:<id>` (sorted set, permit to issue time): permits recently sent to a broker, counted as its load.
 * - `roster-events` (pub/sub channel): a marshal admitted a new key.
 */
export class RedisKeys {
  readonly network: string;
  readonly roster: string;
  readonly rosterIndex: string;
  readonly authTimestamps: string;
  readonly epoch: string;
  readonly brokers: string;
  readonly rosterEvents: string;

  constructor(readonly prefix: string) {
    this.network = `${prefix}:network`;
    this.roster = `${prefix}:roster`;
    this.rosterIndex = `${prefix}:roster-index`;
    this.authTimestamps = `${prefix}:auth-ts`;
    this.epoch = `${prefix}:epoch`;
    this.brokers = `${prefix}:brokers`;
    this.rosterEvents = `${prefix}:roster-events`;
  }

  /** The key of a permit, by its hex. */
  permit(permitHex: string): string {
    return `${this.prefix}:permit:${permitHex}`;
  }

  /** The registration of a broker. */
  broker(id: string): string {
    return `${this.prefix}:broker:${id}`;
  }

  /** The permits recently issued for a broker. */
  issued(id: string): string {
    return `${this.prefix}:issued:${id}`;
  }
}
