import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createLogger } from '../../../../kit/logger';
import { noRevokedSessions, RedisRevokedSessions, REVOKED_SESSION_KEY_PREFIX, revokedSessionsFor } from './revoked-sessions';

const redisUrl = process.env.REDIS_URL;
const logger = createLogger({ service: 'identity', test: true });

// Jest's globalSetup sets REDIS_URL when a Redis server answers on 127.0.0.1:6379 (it does on CI).
(redisUrl ? describe : describe.skip)('revoked sessions in Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl!);
  });
  afterAll(() => redis.quit());

  it('writes mcs:revoked-session:<sid> with the access-token lifetime as its TTL', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await new RedisRevokedSessions(redis, logger).add([a, b], 900);
    expect(await redis.get(`${REVOKED_SESSION_KEY_PREFIX}${a}`)).toBe('1');
    const ttl = await redis.ttl(`${REVOKED_SESSION_KEY_PREFIX}${b}`);
    expect(ttl).toBeGreaterThan(890);
    expect(ttl).toBeLessThanOrEqual(900);
  });
});

describe('choosing the implementation', () => {
  it('is a no-op without REDIS_URL', async () => {
    expect(revokedSessionsFor(undefined, logger)).toBe(noRevokedSessions);
    await expect(noRevokedSessions.add([randomUUID()], 900)).resolves.toBeUndefined();
  });

  it('uses Redis when REDIS_URL is set', () => {
    expect(revokedSessionsFor('redis://127.0.0.1:6379', logger)).toBeInstanceOf(RedisRevokedSessions);
  });
});
