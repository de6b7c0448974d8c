import { firstRunAt, nextRunAfter, ReportSchedule } from './schedule.rules';

describe('report schedule', () => {
  it('first runs a daily report at the next midnight (UTC) and a weekly one on the next Monday', () => {
    const wednesday = new Date('2026-03-04T15:30:00Z');
    expect(firstRunAt(ReportSchedule.DAILY, wednesday)).toEqual(new Date('2026-03-05T00:00:00Z'));
    expect(firstRunAt(ReportSchedule.WEEKLY, wednesday)).toEqual(new Date('2026-03-09T00:00:00Z'));
    // On a Sunday evening the next Monday is the next day; on a Monday, a week on.
    expect(firstRunAt(ReportSchedule.WEEKLY, new Date('2026-03-08T23:00:00Z'))).toEqual(new Date('2026-03-09T00:00:00Z'));
    expect(firstRunAt(ReportSchedule.WEEKLY, new Date('2026-03-09T00:00:00Z'))).toEqual(new Date('2026-03-16T00:00:00Z'));
    expect(firstRunAt(ReportSchedule.NONE, wednesday)).toBeNull();
  });

  it('keeps to the slots and skips those missed instead of catching up', () => {
    const due = new Date('2026-03-05T00:00:00Z');
    expect(nextRunAfter(ReportSchedule.DAILY, due, new Date('2026-03-05T00:01:00Z'))).toEqual(new Date('2026-03-06T00:00:00Z'));
    expect(nextRunAfter(ReportSchedule.DAILY, due, new Date('2026-03-08T12:00:00Z'))).toEqual(new Date('2026-03-09T00:00:00Z'));
    expect(nextRunAfter(ReportSchedule.WEEKLY, new Date('2026-03-09T00:00:00Z'), new Date('2026-03-09T00:05:00Z'))).toEqual(new Date('2026-03-16T00:00:00Z'));
    expect(nextRunAfter(ReportSchedule.NONE, due, due)).toBeNull();
  });
});
