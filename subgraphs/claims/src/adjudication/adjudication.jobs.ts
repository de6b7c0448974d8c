import type { ScheduledJob } from '../../../../kit/events/event';
import type { ClaimsServices } from '../services';

/** How many waiting claims one run of `adjudicate-submitted` decides. */
export const ADJUDICATE_SUBMITTED_BATCH = 50;

/**
 * `adjudicate-submitted`: decides SUBMITTED claims once the read models hold their member, cover
 * and provider, oldest first, a batch per run. Claims submitted before the other domains' events
 * arrived (the demo's seeded claims, or a submission that raced a new member's events) fill in
 * this way; a claim whose facts never arrive waits for an officer's `adjudicateClaim`.
 */
export const adjudicateSubmittedJob: ScheduledJob<ClaimsServices> = {
  name: 'claims-adjudicate-submitted',
  everyMs: 10_000,
  run: async (services) => {
    await services.adjudication.adjudicateWaiting(ADJUDICATE_SUBMITTED_BATCH);
  },
};
