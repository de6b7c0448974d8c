import type { ScheduledJob } from '../../../../kit/events/event';
import type { ClaimsServices } from '../services';

/**
 * Escalates pre-authorisation requests left unanswered longer than
 * CLAIMS_PREAUTH_ESCALATE_AFTER_MINUTES to the tier their estimate calls for, and expires
 * approvals whose validity has passed.
 */
export const preauthorisationEscalationJob: ScheduledJob<ClaimsServices> = {
  name: 'claims-preauthorisation-escalation',
  everyMs: 60_000,
  run: async (services) => {
    await services.preauthorisations.escalateOverdue();
    await services.preauthorisations.expireLapsed();
  },
};
