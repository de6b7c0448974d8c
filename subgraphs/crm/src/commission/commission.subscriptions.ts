import type { EventSubscription } from '../../../../kit/events/event';
import type { CrmServices } from '../services';
import { PAYOUT_PAID, POLICY_CHANGED, type PayoutPaidPayload, type PolicyChanged } from './commission.events';

/** Commission from the schemes' policy events, and payouts settled by finance. */
export const commissionSubscriptions: EventSubscription<CrmServices>[] = [
  {
    types: [POLICY_CHANGED],
    handle: async (event, manager, services) => {
      await services.commissions.onPolicyChanged(manager, event.payload as PolicyChanged);
    },
  },
  {
    types: [PAYOUT_PAID],
    handle: async (event, manager, services) => {
      await services.commissions.onPayoutPaid(manager, event.payload as PayoutPaidPayload);
    },
  },
];
