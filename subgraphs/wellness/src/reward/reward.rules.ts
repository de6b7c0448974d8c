import type { DailyPoint } from '../metric/trend.rules';
import { weekStart } from '../metric/trend.rules';

/** A reward rule as data: what the member must do, in which period, for how many points. */
export interface RewardCondition {
  period: 'DAY' | 'WEEK';
  /** A day counts when the metric's daily value reaches this. */
  threshold: number;
  /** For a WEEK rule: how many counting days the week needs (a DAY rule needs its one day). */
  daysRequired: number;
}

/** The start of the period a day falls in: the day itself, or the Monday of its week. */
export function periodStartOf(period: RewardCondition['period'], day: string): string {
  return period === 'DAY' ? day : weekStart(day);
}

/**
 * The periods in which the condition is met, by their first day, oldest first. Deterministic: the
 * same daily values always earn the same periods, so re-evaluating never earns anything twice
 * (the award table's unique key keeps it so under concurrency too).
 */
export function earnedPeriods(condition: RewardCondition, points: readonly DailyPoint[]): string[] {
  const counting = new Map<string, number>();
  for (const point of points) {
    if (point.value < condition.threshold) continue;
    const start = periodStartOf(condition.period, point.day);
    counting.set(start, (counting.get(start) ?? 0) + 1);
  }
  const needed = condition.period === 'DAY' ? 1 : condition.daysRequired;
  return [...counting.entries()].filter(([, days]) => days >= needed).map(([start]) => start).sort();
}

