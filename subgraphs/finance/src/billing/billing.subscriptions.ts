import type { EventSubscription } from '../../../../kit/events/event';
import type { FinanceServices } from '../services';
import type { PolicyChanged } from './billing.rules';

export const POLICY_CHANGED = 'schemes.policy.changed';

/** Finance keeps its own copy of what it bills from each policy. */
export const billingSubscriptions: EventSubscription<FinanceServices>[] = [
  {
    types: [POLICY_CHANGED],
    handle: async (event, manager, services) => {
      await services.billing.onPolicyChanged(manager, event.payload as PolicyChanged, event.occurredAt);
    },
  },
];
