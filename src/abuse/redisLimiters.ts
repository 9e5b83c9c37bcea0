import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { Logger } from '../logger.js';
import type { LimiterFactory } from './rateLimits.js';

export interface SharedLimiters {
  limiters: LimiterFactory;
  close(): Promise<void>;
}

/**
 * Rate-limit counters kept in Redis, so that every API instance behind one address counts the
 * same attempts. While Redis is unreachable, each instance falls back to counting in memory
 * (rate-limiter-flexible's insurance limiter): weaker, but never unlimited.
 */
export function redisLimiters(url: string, logger: Logger): SharedLimiters {
  // No offline queue: a command while disconnected fails at once, and the insurance limiter
  // answers instead of the request waiting for Redis.
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastError) return; // reconnect attempts repeat the same error
    lastError = error.message;
    logger.warn({ err: error }, 'Redis unavailable: rate limits count in memory meanwhile');
  });
  redis.on('ready', () => {
    if (lastError) logger.info('Redis reachable again: rate limits are shared again');
    lastError = '';
  });

  return {
    limiters: (options) =>
      new RateLimiterRedis({
        ...options,
        storeClient: redis,
        insuranceLimiter: new RateLimiterMemory(options),
      }),
    async close() {
      redis.disconnect();
    },
  };
}
