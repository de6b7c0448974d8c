import type { EventSubscription } from '../../../../kit/events/event';
import type { EngagementServices } from '../services';
import { WEBHOOK_EVENT_TYPES } from './webhook.rules';

/** Every event external systems may subscribe to is queued for their endpoints. */
export const webhookFanOut: EventSubscription<EngagementServices> = {
  types: [...WEBHOOK_EVENT_TYPES],
  handle: (event, manager, services) => services.webhooks.fanOut(manager, event),
};
