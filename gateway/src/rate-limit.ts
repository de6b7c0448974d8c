import type { NextFunction, Request, Response } from 'express';
import type Redis from 'ioredis';
import type { Logger } from '../../kit/logger';

/**
 * Request rate limits at the gateway, kept in Redis so every gateway instance counts together
 * (in memory when no Redis is configured, as with `npm start`). A fixed window per key: the
 * first request of a window starts it, and a request over the limit gets HTTP 429 with
 * `Retry-After` until the window ends.
 */

export interface RateLimitRule {
  /** Names the limit in answers and metrics ("ip", "user"). */
  name: string;
  /** Requests allowed per window; 0 turns the rule off. */
  limit: number;
  windowMs: number;
  /** The key a request counts against, or null when the rule does not apply to it. */
  keyOf(req: Request): string | null;
}

export interface RateLimitStore {
  /** Counts one request against `key` and says how many the window holds and when it ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
}

/** INCR, and on the window's first request its expiry, in one atomic step. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { count, ttl }`;

export class RedisRateLimitStore implements RateLimitStore {
  constructor(private readonly redis: Redis, private readonly prefix = 'mcs:gateway:rate:') {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, `${this.prefix}${key}`, String(windowMs))) as [number, number];
    return { count, resetInMs: ttl };
  }
}

/** One process's own counts: for a single gateway without Redis. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  async hit(key: string, windowMs: number, now = Date.now()): Promise<{ count: number; resetInMs: number }> {
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      if (this.windows.size > 100_000) this.forgetEnded(now);
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.endsAt - now };
  }

  private forgetEnded(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}

/**
 * Express middleware applying every rule to every request. A store that fails lets the request
 * through (logged): the limits protect the service, and Redis being away must not take it down.
 */
export function rateLimit(options: { rules: RateLimitRule[]; store: RateLimitStore; logger: Logger; onLimited?: (rule: string) => void }) {
  const rules = options.rules.filter((rule) => rule.limit > 0);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      for (const rule of rules) {
        const key = rule.keyOf(req);
        if (key === null) continue;
        const { count, resetInMs } = await options.store.hit(`${rule.name}:${key}`, rule.windowMs);
        if (count <= rule.limit) continue;
        const retryAfter = Math.max(1, Math.ceil(resetInMs / 1000));
        options.onLimited?.(rule.name);
        res.setHeader('Retry-After', String(retryAfter));
        res.status(429).json({
          errors: [
            {
              message: `Too many requests: at most ${rule.limit} every ${Math.round(rule.windowMs / 1000)} s per ${rule.name}. Try again in ${retryAfter} s.`,
              extensions: { code: 'RATE_LIMITED', limit: rule.name, allowed: rule.limit, windowSeconds: Math.round(rule.windowMs / 1000), retryAfterSeconds: retryAfter },
            },
          ],
        });
        return;
      }
    } catch (error) {
      options.logger.warn('rate limit store failed; request let through', { error: (error as Error).message });
    }
    next();
  };
}
