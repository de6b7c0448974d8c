import { addDays, daysBetween } from '../../../../kit/dates';
import type { DailyPoint } from '../metric/trend.rules';

/** A target of at least `dailyTarget` every day for `days` days from `startDate`. */
export interface GoalTerms {
  dailyTarget: number;
  startDate: string;
  days: number;
}

export interface GoalProgressFacts {
  daysMet: number;
  daysElapsed: number;
  daysTotal: number;
  /** Days met out of the goal's days, 0-100, rounded down. */
  percent: number;
  achieved: boolean;
  /** Whether the goal can still be achieved: no day that has ended was missed (today may still be met). */
  stillAchievable: boolean;
  endDate: string;
}

/** The goal's last day. */
export function goalEndDate(terms: Pick<GoalTerms, 'startDate' | 'days'>): string {
  return addDays(terms.startDate, terms.days - 1);
}

/**
 * Progress of a goal on `today` from the member's daily values: a day counts when its value
 * reaches the target; days after the goal's end or before its start do not count.
 */
export function goalProgress(terms: GoalTerms, points: readonly DailyPoint[], today: string): GoalProgressFacts {
  const endDate = goalEndDate(terms);
  const daysMet = points.filter((p) => p.day >= terms.startDate && p.day <= endDate && p.day <= today && p.value >= terms.dailyTarget).length;
  const daysElapsed = today < terms.startDate ? 0 : Math.min(terms.days, daysBetween(terms.startDate, today) + 1);
  const todayMet = points.some((p) => p.day === today && p.value >= terms.dailyTarget);
  const todayOpen = today >= terms.startDate && today <= endDate && !todayMet;
  const stillOpen = terms.days - daysElapsed + (todayOpen ? 1 : 0);
  return {
    daysMet,
    daysElapsed,
    daysTotal: terms.days,
    percent: Math.floor((daysMet * 100) / terms.days),
    achieved: daysMet >= terms.days,
    stillAchievable: daysMet + stillOpen >= terms.days,
    endDate,
  };
}
