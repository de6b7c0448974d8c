import type { EventSubscription } from '../../../../kit/events/event';
import type { EngagementServices } from '../services';
import { LEAD_EVENTS } from './lead-message.types';

/** crm's side of the nurture contract: the messages it asks engagement to send, and each lead's consent. */
export const leadMessageSubscriptions: EventSubscription<EngagementServices>[] = [
  { types: [LEAD_EVENTS.MESSAGE_REQUESTED], handle: (event, manager, services) => services.leadMessages.request(manager, event) },
  { types: [LEAD_EVENTS.CONSENT_CHANGED], handle: (event, manager, services) => services.leadMessages.recordConsent(manager, event) },
];
