import { loaderById, loaderGroupedBy } from '../../../kit/loaders';
import type { EngagementServices } from './services';

/** Per-request DataLoaders of the engagement subgraph. */
export function createEngagementLoaders(services: EngagementServices) {
  return {
    ticketById: loaderById((ids) => services.tickets.byIds(ids)),
    commentsByTicket: loaderGroupedBy((ids) => services.tickets.commentsOf(ids), (c) => c.ticketId),
    attemptsByNotification: loaderGroupedBy((ids) => services.notifications.attemptsOf(ids), (a) => a.notificationId),
    endpointById: loaderById((ids) => services.webhooks.endpointsByIds(ids)),
    attemptsByDelivery: loaderGroupedBy((ids) => services.webhooks.attemptsOf(ids), (a) => a.deliveryId),
  };
}

export type EngagementLoaders = ReturnType<typeof createEngagementLoaders>;
