import { EnvReader } from '../../../kit/config';

export interface AnalyticsConfig {
  /** How often the report scheduler looks for due runs, in seconds. */
  reportScheduleEverySeconds: number;
  /** How long a report run may stay RUNNING before the scheduler marks it FAILED (its process died), in minutes. */
  reportRunTimeoutMinutes: number;
}

/** Settings of the analytics domain (validated once, at start-up). */
export function readAnalyticsConfig(env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  const reader = new EnvReader(env);
  const config = {
    reportScheduleEverySeconds: reader.int('ANALYTICS_REPORT_SCHEDULE_EVERY_SECONDS', 60, { min: 5, max: 3600 }),
    reportRunTimeoutMinutes: reader.int('ANALYTICS_REPORT_RUN_TIMEOUT_MINUTES', 30, { min: 1, max: 1440 }),
  };
  reader.done();
  return config;
}
