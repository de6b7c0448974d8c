import type { EventSubscription } from '../../../../kit/events/event';
import type { AnalyticsServices } from '../services';
import { INGESTED_EVENT_TYPES } from './ingest.events';

/** Every event analytics is fed by goes through one consumer: log it, apply it, recompute what it touched. */
export const analyticsSubscriptions: EventSubscription<AnalyticsServices>[] = [
  {
    types: INGESTED_EVENT_TYPES,
    handle: async (event, manager, services) => {
      await services.ingest.ingest(manager, event);
    },
    // It locks the business days it recomputes: batched, those locks would be held (and could be taken in crossing orders) until the batch's last event.
    alone: true,
  },
];
