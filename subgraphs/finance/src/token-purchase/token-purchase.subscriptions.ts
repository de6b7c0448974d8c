import type { EventSubscription } from '../../../../kit/events/event';
import type { FinanceServices } from '../services';
import type { TokenPurchaseCancelled, TokenPurchaseCreated } from './token-purchase.rules';

export const TOKEN_PURCHASE_CREATED = 'tokens.purchase.created';
export const TOKEN_PURCHASE_CANCELLED = 'tokens.purchase.cancelled';

/** A company's token purchase is invoiced to the company, once per purchase; one given up unpaid has its invoice voided. */
export const tokenPurchaseSubscriptions: EventSubscription<FinanceServices>[] = [
  {
    types: [TOKEN_PURCHASE_CREATED],
    handle: async (event, manager, services) => {
      await services.tokenPurchases.onPurchaseCreated(manager, event.payload as TokenPurchaseCreated);
    },
  },
  {
    types: [TOKEN_PURCHASE_CANCELLED],
    handle: async (event, manager, services) => {
      await services.tokenPurchases.onPurchaseCancelled(manager, event.payload as TokenPurchaseCancelled);
    },
  },
];
