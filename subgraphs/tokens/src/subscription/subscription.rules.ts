import { addMonths } from '../../../../kit/dates';
import { SubscriptionPeriod } from './token-subscription.entity';

const MONTHS: Record<SubscriptionPeriod, number> = {
  [SubscriptionPeriod.MONTHLY]: 1,
  [SubscriptionPeriod.QUARTERLY]: 3,
  [SubscriptionPeriod.ANNUAL]: 12,
};

/** The start of the period after the one starting on `periodStart`. */
export function nextPeriodStart(periodStart: string, period: SubscriptionPeriod): string {
  return addMonths(periodStart, MONTHS[period]);
}
