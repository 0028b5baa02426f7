import Redis from 'ioredis';
import type { Logger } from '@hotshot/telemetry';
import { RedisUnavailableError } from './scale-out-errors';

/** Where Redis is and how long to wait for it. */
export interface RedisConnectionOptions {
  /** `redis://host:port[/db]`. */
  readonly url: string;
  /** Time to establish the connection; default 3000 ms. */
  readonly connectTimeoutMs?: number;
}

/**
 * Opens an ioredis connection and waits until it is ready. A command fails after a few retries instead of waiting
 * forever while Redis is away (the marshal then refuses the node, which retries); the connection itself keeps
 * reconnecting. Errors are logged, once per outage.
 */
export async function openRedis(options: RedisConnectionOptions, logger: Logger, role: string): Promise<Redis> {
  const redis = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 3000,
    maxRetriesPerRequest: 2,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
  });
  let healthy = true;
  redis.on('error', (error: Error) => {
    if (!healthy) return;
    healthy = false;
    logger.warn('redis connection failed', { role, error: error.message });
  });
  redis.on('ready', () => {
    if (!healthy) logger.info('redis connection restored', { role });
    healthy = true;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new RedisUnavailableError(options.url, error);
  }
  return redis;
}

/** Closes a connection politely, or at once if Redis does not answer. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  await Promise.race([redis.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 500))]);
  redis.disconnect();
}
