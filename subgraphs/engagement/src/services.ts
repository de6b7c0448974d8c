import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../../kit/clock';
import { createLogger, type Logger } from '../../../kit/logger';
import type { EngagementConfig } from './config';
import { createChannelAdapters, type ChannelAdapters } from './notification/channels/channels';
import { NotificationService } from './notification/notification.service';
import { TicketService } from './ticket/ticket.service';
import { WebhookService } from './webhook/webhook.service';

export function createEngagementServices(
  dataSource: DataSource,
  config: EngagementConfig,
  clock: Clock = systemClock,
  logger: Logger = createLogger({ service: 'engagement' }),
  adapters: ChannelAdapters = createChannelAdapters(config),
) {
  return {
    dataSource,
    logger,
    config,
    clock,
    notifications: new NotificationService(dataSource, adapters, config, clock, logger),
    webhooks: new WebhookService(dataSource, config, clock, logger),
    tickets: new TicketService(dataSource),
  };
}

export type EngagementServices = ReturnType<typeof createEngagementServices>;
