import { registerEnumType } from 'type-graphql';

export enum ReportSchedule {
  NONE = 'NONE',
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
}
registerEnumType(ReportSchedule, {
  name: 'ReportSchedule',
  description: 'NONE: on demand only; DAILY: every day at 00:00 UTC; WEEKLY: every Monday at 00:00 UTC.',
});

const DAY_MS = 86_400_000;

/** The first scheduled run after `now`: the next midnight (UTC), or for WEEKLY the next Monday's. Null for NONE. */
export function firstRunAt(schedule: ReportSchedule, now: Date): Date | null {
  if (schedule === ReportSchedule.NONE) return null;
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  if (schedule === ReportSchedule.DAILY) return new Date(midnight);
  const weekday = new Date(midnight).getUTCDay();
  const toMonday = (8 - weekday) % 7;
  return new Date(midnight + toMonday * DAY_MS);
}

/**
 * The run after the one due at `due`, keeping to the schedule's slots: runs missed while nothing
 * ran are skipped rather than caught up one after another.
 */
export function nextRunAfter(schedule: ReportSchedule, due: Date, now: Date): Date | null {
  if (schedule === ReportSchedule.NONE) return null;
  const step = schedule === ReportSchedule.DAILY ? DAY_MS : 7 * DAY_MS;
  let next = due.getTime() + step;
  if (next <= now.getTime()) next += Math.ceil((now.getTime() - next + 1) / step) * step;
  return new Date(next);
}
