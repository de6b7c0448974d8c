import type { ScheduledJob } from '../../../../kit/events/event';
import type { CrmConfig } from '../config';
import type { CrmServices } from '../services';

/** Sends the nurture steps that fell due (asks engagement to, through the outbox). */
export function nurtureSendJob(config: CrmConfig): ScheduledJob<CrmServices> {
  return {
    name: 'crm-nurture-send',
    everyMs: config.nurtureJobMs,
    run: async (services) => {
      await services.nurture.sendDue();
    },
  };
}
