import type { ScheduledJob } from '../../../kit/events/event';
import type { EngagementConfig } from './config';
import type { EngagementServices } from './services';

/** Sends due notifications: first attempts, those held for quiet hours, and retries. */
export function sendNotificationsJob(config: EngagementConfig): ScheduledJob<EngagementServices> {
  return {
    name: 'engagement.notifications.send',
    everyMs: config.deliveryJobMs,
    run: async (services) => {
      while ((await services.notifications.sendDue()) > 0);
    },
  };
}

/** Sends due lead messages (crm's nurture campaigns): first attempts, those held for quiet hours, and retries. */
export function sendLeadMessagesJob(config: EngagementConfig): ScheduledJob<EngagementServices> {
  return {
    name: 'engagement.lead-messages.send',
    everyMs: config.deliveryJobMs,
    run: async (services) => {
      while ((await services.leadMessages.sendDue()) > 0);
    },
  };
}

/** Delivers due webhook deliveries: first attempts and retries. */
export function deliverWebhooksJob(config: EngagementConfig): ScheduledJob<EngagementServices> {
  return {
    name: 'engagement.webhooks.deliver',
    everyMs: config.deliveryJobMs,
    run: async (services) => {
      while ((await services.webhooks.deliverDue()) > 0);
    },
  };
}
