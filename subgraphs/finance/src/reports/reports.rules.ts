import { daysBetween } from '../../../../kit/dates';
import { scaleMinor } from '../../../../kit/money';

export type AgeingBucket = 'NOT_DUE' | 'DAYS_1_30' | 'DAYS_31_60' | 'DAYS_61_90' | 'OVER_90';

/** Where an unpaid amount falls on `asOf`: not yet due on or before its due date, then by whole days past it. */
export function ageingBucket(dueDate: string, asOf: string): AgeingBucket {
  const daysPast = daysBetween(dueDate, asOf);
  if (daysPast <= 0) return 'NOT_DUE';
  if (daysPast <= 30) return 'DAYS_1_30';
  if (daysPast <= 60) return 'DAYS_31_60';
  if (daysPast <= 90) return 'DAYS_61_90';
  return 'OVER_90';
}

export type AgeingTotals = Record<AgeingBucket, number> & { total: number };

export const emptyAgeing = (): AgeingTotals => ({ NOT_DUE: 0, DAYS_1_30: 0, DAYS_31_60: 0, DAYS_61_90: 0, OVER_90: 0, total: 0 });

/** Adds an amount owed to its bucket and the total. */
export function addToAgeing(totals: AgeingTotals, dueDate: string, asOf: string, minor: number): void {
  totals[ageingBucket(dueDate, asOf)] += minor;
  totals.total += minor;
}

/**
 * Premium earned in `[from, to]` from premium billed for `[periodStart, periodEnd]`: the premium
 * times the days of cover inside the window over the days billed, rounded half-even.
 */
export function earnedPremium(netMinor: number, periodStart: string, periodEnd: string, from: string, to: string): number {
  const start = periodStart > from ? periodStart : from;
  const end = periodEnd < to ? periodEnd : to;
  if (end < start) return 0;
  const inside = daysBetween(start, end) + 1;
  const billed = daysBetween(periodStart, periodEnd) + 1;
  return inside === billed ? netMinor : scaleMinor(netMinor, inside, billed);
}

/** Claims incurred over premium earned in basis points (6250 = 62.5%), half-even; null when nothing was earned. */
export function lossRatioBps(incurredMinor: number, earnedMinor: number): number | null {
  if (earnedMinor <= 0) return null;
  return scaleMinor(incurredMinor, 10_000, earnedMinor);
}

/** Basis points as an exact decimal ratio: 6250 → "0.6250". */
export function formatRatio(bps: number): string {
  const sign = bps < 0 ? '-' : '';
  const digits = String(Math.abs(bps)).padStart(5, '0');
  return `${sign}${digits.slice(0, -4)}.${digits.slice(-4)}`;
}
