import type { EventSubscription } from '../../../../kit/events/event';
import type { FinanceServices } from '../services';
import type { CommissionPayoutApproved } from './commission.rules';

export const COMMISSION_PAYOUT_APPROVED = 'crm.commission.payout-approved';

/** An approved commission payout becomes a liability finance pays. */
export const commissionSubscriptions: EventSubscription<FinanceServices>[] = [
  {
    types: [COMMISSION_PAYOUT_APPROVED],
    handle: async (event, manager, services) => {
      await services.commissions.onPayoutApproved(manager, event.payload as CommissionPayoutApproved);
    },
  },
];
