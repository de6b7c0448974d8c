import type { EventSubscription } from '../../../../kit/events/event';
import type { TokensServices } from '../services';
import { TOKEN_PURCHASE_PAID, type TokenPurchasePaidPayload } from './purchase.events';

/** Finance was paid for a purchase: its tokens go into the wallet, once. */
export const creditPaidPurchases: EventSubscription<TokensServices> = {
  types: [TOKEN_PURCHASE_PAID],
  handle: async (event, manager, services) => {
    await services.purchases.onPaid(manager, event.payload as TokenPurchasePaidPayload);
  },
};
