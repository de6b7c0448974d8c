import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { createLogger } from './logger';
import { connectRedis, isRedisReady, RedisKeyValueCache } from './redis';

/*
 * These talk to a real Redis server: REDIS_URL, which CI sets, or the machine's own Redis on
 * 127.0.0.1:6379 when one answers there (test/global-setup.ts looks). On a machine without
 * Redis the suite is reported as skipped rather than run against a fake.
 */
const redisUrl = process.env.REDIS_URL;
const describeWithRedis = redisUrl ? describe : describe.skip;

describeWithRedis('RedisKeyValueCache against real Redis', () => {
  const prefix = `test:${randomUUID()}:`;
  let redis: Redis;
  let cache: RedisKeyValueCache;
  beforeAll(() => {
    redis = connectRedis(redisUrl!, createLogger({ service: 'test' }), 'kit-test');
    cache = new RedisKeyValueCache(redis, prefix);
  });
  afterAll(() => redis.quit());

  it('stores, reads and deletes values under its own prefix', async () => {
    expect(await isRedisReady(redis)).toBe(true);
    await cache.set('apq:abc', 'query { member(id: "1") { id } }');
    expect(await cache.get('apq:abc')).toBe('query { member(id: "1") { id } }');
    expect(await redis.get(`${prefix}apq:abc`)).toBe('query { member(id: "1") { id } }');
    expect(await cache.delete('apq:abc')).toBe(true);
    expect(await cache.get('apq:abc')).toBeUndefined();
  });

  it('expires entries after their ttl', async () => {
    await cache.set('short', 'v', { ttl: 1 });
    const ttl = await redis.ttl(`${prefix}short`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1);
  });
});
