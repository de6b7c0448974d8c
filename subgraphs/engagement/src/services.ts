import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../../kit/clock';
import { createLogger, type Logger } from '../../../kit/logger';
import type { EngagementConfig } from './config';
import { createChannelAdapters, type ChannelAdapters } from './notification/channels/channels';
import { NotificationService } from './notification/notification.service';
import { LeadMessageService } from './lead/lead-message.service';
import { MessageSender } from './sending/message.sender';
import { TicketService } from './ticket/ticket.service';
import { WebhookService } from './webhook/webhook.service';

export function createEngagementServices(
  dataSource: DataSource,
  config: EngagementConfig,
  clock: Clock = systemClock,
  logger: Logger = createLogger({ service: 'engagement' }),
  adapters: ChannelAdapters = createChannelAdapters(config),
) {
  // One sender for members' notifications and leads' messages: one place decides leases, backoff and giving up.
  const sender = new MessageSender(dataSource, adapters, clock, logger);
  return {
    dataSource,
    logger,
    config,
    clock,
    notifications: new NotificationService(dataSource, adapters, config, clock, logger, sender),
    leadMessages: new LeadMessageService(dataSource, config, clock, logger, sender),
    webhooks: new WebhookService(dataSource, config, clock, logger),
    tickets: new TicketService(dataSource),
  };
}

export type EngagementServices = ReturnType<typeof createEngagementServices>;
