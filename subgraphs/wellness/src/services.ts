import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../../kit/clock';
import { createLogger, type Logger } from '../../../kit/logger';
import { CoachingService } from './coaching/coaching.service';
import type { WellnessConfig } from './config';
import { ConnectionService } from './connection/connection.service';
import { DeviceSources } from './connection/sources/sources';
import { GoalService } from './goal/goal.service';
import { MetricService } from './metric/metric.service';
import { RewardService } from './reward/reward.service';

export function createWellnessServices(
  dataSource: DataSource,
  config: WellnessConfig,
  clock: Clock = systemClock,
  logger: Logger = createLogger({ service: 'wellness' }),
  sources: DeviceSources = DeviceSources.fromConfig(config),
) {
  const rewards = new RewardService(dataSource);
  const metrics = new MetricService(dataSource, rewards, clock, logger);
  return {
    dataSource,
    logger,
    config,
    clock,
    rewards,
    metrics,
    connections: new ConnectionService(dataSource, sources, metrics, config, clock, logger),
    goals: new GoalService(dataSource, metrics, clock),
    coaching: new CoachingService(dataSource, clock, config.offerTtlMinutes),
  };
}

export type WellnessServices = ReturnType<typeof createWellnessServices>;
