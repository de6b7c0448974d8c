import type { ScheduledJob } from '../../../kit/events/event';
import type { TokensConfig } from './config';
import type { TokensServices } from './services';

/** Gives back the tokens of reservations whose operation never finished (the backstop for a lost release). */
export function expireReservationsJob(config: TokensConfig): ScheduledJob<TokensServices> {
  return {
    name: 'tokens.reservations.expire',
    everyMs: config.expiryCheckMs,
    run: async (services) => {
      await services.reservations.expireDue();
    },
  };
}

/** Buys the due period of every active subscription. */
export function renewSubscriptionsJob(config: TokensConfig): ScheduledJob<TokensServices> {
  return {
    name: 'tokens.subscriptions.renew',
    everyMs: config.subscriptionCheckMs,
    run: async (services) => {
      await services.subscriptions.renewDue();
    },
  };
}

/** Expires auto top-ups left unpaid, so one unpaid invoice does not stop auto top-up for good. */
export function expireUnpaidTopUpsJob(config: TokensConfig): ScheduledJob<TokensServices> {
  return {
    name: 'tokens.purchases.expire-unpaid-top-ups',
    everyMs: config.expiryCheckMs,
    run: async (services) => {
      await services.purchases.expireUnpaidTopUps(config.pendingPurchaseTtlHours);
    },
  };
}
