import { readAnalyticsConfig } from './config';

describe('analytics configuration', () => {
  it('looks for due reports every minute unless told otherwise', () => {
    expect(readAnalyticsConfig({})).toEqual({ reportScheduleEverySeconds: 60, reportRunTimeoutMinutes: 30 });
    expect(readAnalyticsConfig({ ANALYTICS_REPORT_SCHEDULE_EVERY_SECONDS: '300', ANALYTICS_REPORT_RUN_TIMEOUT_MINUTES: '90' })).toEqual({
      reportScheduleEverySeconds: 300,
      reportRunTimeoutMinutes: 90,
    });
  });

  it('stops start-up on a malformed or out-of-range interval, naming the variable', () => {
    expect(() => readAnalyticsConfig({ ANALYTICS_REPORT_SCHEDULE_EVERY_SECONDS: 'often' })).toThrow(/ANALYTICS_REPORT_SCHEDULE_EVERY_SECONDS must be an integer/);
    expect(() => readAnalyticsConfig({ ANALYTICS_REPORT_SCHEDULE_EVERY_SECONDS: '1' })).toThrow(/ANALYTICS_REPORT_SCHEDULE_EVERY_SECONDS must be between 5 and 3600/);
    expect(() => readAnalyticsConfig({ ANALYTICS_REPORT_RUN_TIMEOUT_MINUTES: '0' })).toThrow(/ANALYTICS_REPORT_RUN_TIMEOUT_MINUTES must be between 1 and 1440/);
  });
});
