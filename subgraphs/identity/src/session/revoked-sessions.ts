import Redis from 'ioredis';
import type { Logger } from '../../../../kit/logger';

/** Where the gateway looks for revoked sessions: `mcs:revoked-session:<session id>`. */
export const REVOKED_SESSION_KEY_PREFIX = 'mcs:revoked-session:';

/**
 * Tells the gateway that sessions were revoked, so their access tokens stop working before they
 * expire. The database stays the record; this is a fast copy that only needs to outlive the
 * longest access token.
 */
export interface RevokedSessions {
  add(sessionIds: readonly string[], ttlSeconds: number): Promise<void>;
}

/** Without Redis there is no gateway to tell: access tokens of a revoked session live out their (short) lifetime. */
export const noRevokedSessions: RevokedSessions = { add: async () => undefined };

export class RedisRevokedSessions implements RevokedSessions {
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {}

  async add(sessionIds: readonly string[], ttlSeconds: number): Promise<void> {
    if (sessionIds.length === 0) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const id of sessionIds) pipeline.set(`${REVOKED_SESSION_KEY_PREFIX}${id}`, '1', 'EX', Math.max(1, Math.ceil(ttlSeconds)));
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed) throw failed[0];
    } catch (error) {
      // The revocation itself is committed; only the gateway's early refusal is lost, so say so loudly.
      this.logger.error('could not publish revoked sessions to Redis: their access tokens stay valid until they expire', {
        sessions: sessionIds.join(','),
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

/**
 * The Redis implementation when REDIS_URL is set, else the no-op one. The connection opens at the
 * first revocation and does not keep the process alive on its own.
 */
export function revokedSessionsFor(redisUrl: string | undefined, logger: Logger): RevokedSessions {
  if (!redisUrl) return noRevokedSessions;
  const redis = new Redis(redisUrl, { connectionName: 'identity-revoked-sessions', lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  redis.on('error', (error) => logger.warn('redis error', { error: error.message }));
  redis.on('connect', () => (redis as unknown as { stream?: { unref?: () => void } }).stream?.unref?.());
  return new RedisRevokedSessions(redis, logger);
}
