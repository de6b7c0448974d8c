import type { EventSubscription } from '../../../../kit/events/event';
import type { FinanceServices } from '../services';
import type { ClaimDecided, ClaimReversed } from './settlement.rules';

export const CLAIM_DECIDED = 'claims.claim.decided';
export const CLAIM_REVERSED = 'claims.claim.reversed';

/** Finance's part in the claims saga: approved claims become provider settlements, reversed ones are reversed. */
export const settlementSubscriptions: EventSubscription<FinanceServices>[] = [
  {
    types: [CLAIM_DECIDED],
    handle: async (event, manager, services) => {
      await services.settlements.onClaimDecided(manager, event.payload as ClaimDecided);
    },
  },
  {
    types: [CLAIM_REVERSED],
    handle: async (event, manager, services) => {
      await services.settlements.onClaimReversed(manager, event.payload as ClaimReversed);
    },
  },
];
