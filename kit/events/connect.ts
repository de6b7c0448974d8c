import type { CommonConfig } from '../config';
import type { Logger } from '../logger';
import { connectRedis } from '../redis';
import { InProcessEventBus, type EventBus } from './bus';
import { RedisStreamsBus } from './redis-bus';

/**
 * The bus the configuration asks for: Redis Streams when REDIS_URL is set (required as soon as
 * subgraphs run in more than one process), otherwise the in-process bus of `npm start`.
 */
export function createEventBus(config: CommonConfig, logger: Logger, name: string): { bus: EventBus; close(): Promise<void> } {
  if (!config.redisUrl) {
    const bus = new InProcessEventBus();
    return { bus, close: () => bus.close() };
  }
  const redis = connectRedis(config.redisUrl, logger, `${name}-events`);
  const bus = new RedisStreamsBus(redis, { prefix: config.events.streamPrefix, logger });
  return {
    bus,
    async close() {
      await bus.close();
      await redis.quit().catch(() => undefined);
    },
  };
}
