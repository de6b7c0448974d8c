import type { ScheduledJob } from '../../../kit/events/event';
import { utcDay } from './metric/metric.rules';
import type { WellnessConfig } from './config';
import type { WellnessServices } from './services';

/** Days the reward job looks back over: readings that arrive late still earn their week. */
const REWARD_LOOKBACK_DAYS = 8;

/** Fetches new readings from every connected Fitbit and Google Fit account. */
export function syncDevicesJob(config: WellnessConfig): ScheduledJob<WellnessServices> {
  return {
    name: 'wellness.sync-devices',
    everyMs: config.syncJobMs,
    async run(services) {
      await services.connections.syncAll();
    },
  };
}

/** Expires waiting-list offers past their time and offers each slot to the next member in line. */
export function expireSlotOffersJob(config: WellnessConfig): ScheduledJob<WellnessServices> {
  return {
    name: 'wellness.expire-slot-offers',
    everyMs: config.offerJobMs,
    async run(services) {
      await services.coaching.expireOffers();
    },
  };
}

/** Evaluates reward rules over recent readings (a rule added today pays for this week's walking). */
export function evaluateRewardsJob(config: WellnessConfig): ScheduledJob<WellnessServices> {
  return {
    name: 'wellness.evaluate-rewards',
    everyMs: config.syncJobMs,
    async run(services) {
      await services.rewards.evaluateRecent(utcDay(services.clock.now()), REWARD_LOOKBACK_DAYS);
    },
  };
}
