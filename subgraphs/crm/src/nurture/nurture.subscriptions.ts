import type { EventSubscription } from '../../../../kit/events/event';
import type { CrmServices } from '../services';
import { MESSAGE_SETTLED, type MessageSettledPayload } from './nurture.events';

/** Delivery outcomes of nurture messages, from engagement. */
export const nurtureSubscriptions: EventSubscription<CrmServices>[] = [
  {
    types: [MESSAGE_SETTLED],
    handle: async (event, manager, services) => {
      await services.nurture.onMessageSettled(manager, event.payload as MessageSettledPayload);
    },
  },
];
