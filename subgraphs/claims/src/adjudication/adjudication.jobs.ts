import type { ScheduledJob } from '../../../../kit/events/event';
import type { ClaimsServices } from '../services';

/** Waiting claims are decided in batches of this size... */
export const ADJUDICATE_SUBMITTED_BATCH = 50;
/** ...and one run stops after this many batches, so a backlog never holds the lock for long. */
const MAX_BATCHES_PER_RUN = 20;

/**
 * `adjudicate-submitted`: decides SUBMITTED claims once the read models hold their member, cover
 * and provider, oldest first, batch after batch until none is left (or the run's cap). Claims submitted before the other domains' events
 * arrived (the demo's seeded claims, or a submission that raced a new member's events) fill in
 * this way; a claim whose facts never arrive waits for an officer's `adjudicateClaim`.
 */
export const adjudicateSubmittedJob: ScheduledJob<ClaimsServices> = {
  name: 'claims-adjudicate-submitted',
  everyMs: 10_000,
  run: async (services) => {
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
      const { decided, failed } = await services.adjudication.adjudicateWaiting(ADJUDICATE_SUBMITTED_BATCH);
      if (decided + failed < ADJUDICATE_SUBMITTED_BATCH) return;
    }
  },
};
