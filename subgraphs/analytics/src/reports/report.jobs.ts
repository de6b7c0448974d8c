import type { ScheduledJob } from '../../../../kit/events/event';
import type { AnalyticsServices } from '../services';

/** Runs the scheduled reports whose slot has come. */
export function reportScheduleJob(everySeconds: number): ScheduledJob<AnalyticsServices> {
  return {
    name: 'analytics-report-schedule',
    everyMs: everySeconds * 1000,
    run: async (services) => {
      await services.reports.runDue();
    },
  };
}
