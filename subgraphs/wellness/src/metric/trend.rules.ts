import { addDays, daysBetween } from '../../../../kit/dates';

/** One day's value of a metric. */
export interface DailyPoint {
  day: string;
  value: number;
}

export type TrendDirection = 'UP' | 'DOWN' | 'FLAT';

/** Rounds to two decimals, so averages compare exactly in tests and read well. */
const round2 = (n: number) => Math.round(n * 100) / 100;

/** The Monday of a date's ISO week. */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** Daily points grouped into ISO weeks (Monday first): the total and the average of the days that have data. */
export function weeklyAggregates(points: readonly DailyPoint[]): { weekStart: string; total: number; average: number; days: number }[] {
  const weeks = new Map<string, number[]>();
  for (const point of points) {
    const key = weekStart(point.day);
    weeks.set(key, [...(weeks.get(key) ?? []), point.value]);
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([start, values]) => {
      const total = round2(values.reduce((s, v) => s + v, 0));
      return { weekStart: start, total, average: round2(total / values.length), days: values.length };
    });
}

/**
 * The moving average over `window` calendar days ending on each day from `from` to `to`: the mean
 * of the days in the window that have data (a day without data is missing, not zero), or null
 * when none has.
 */
export function movingAverage(points: readonly DailyPoint[], window: number, from: string, to: string): { day: string; value: number | null }[] {
  const byDay = new Map(points.map((p) => [p.day, p.value]));
  const result: { day: string; value: number | null }[] = [];
  for (let offset = 0; offset <= daysBetween(from, to); offset += 1) {
    const day = addDays(from, offset);
    const values: number[] = [];
    for (let back = 0; back < window; back += 1) {
      const value = byDay.get(addDays(day, -back));
      if (value !== undefined) values.push(value);
    }
    result.push({ day, value: values.length ? round2(values.reduce((s, v) => s + v, 0) / values.length) : null });
  }
  return result;
}

/**
 * Which way a metric is going: the latest 7-day average against the 7 days before it. A change
 * within `tolerance` (5% by default) of the earlier average is FLAT; too little data is FLAT too.
 */
export function trendDirection(points: readonly DailyPoint[], asOf: string, tolerance = 0.05): TrendDirection {
  const recent = movingAverage(points, 7, asOf, asOf)[0].value;
  const before = movingAverage(points, 7, addDays(asOf, -7), addDays(asOf, -7))[0].value;
  if (recent === null || before === null) return 'FLAT';
  if (before === 0) return recent > 0 ? 'UP' : 'FLAT';
  const change = (recent - before) / before;
  if (change > tolerance) return 'UP';
  if (change < -tolerance) return 'DOWN';
  return 'FLAT';
}
