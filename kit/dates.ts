/** Calendar dates are ISO strings (YYYY-MM-DD); these helpers never let a time zone shift a day. */

export const BUSINESS_TIME_ZONE = process.env.BUSINESS_TIME_ZONE ?? 'Africa/Nairobi';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  return date.toISOString().slice(0, 10) === value;
}

const formatters = new Map<string, { format: Intl.DateTimeFormat; minute: number; day: string }>();

/** Today's date where the business runs (Nairobi by default), not where the server happens to be. */
export function today(timeZone = BUSINESS_TIME_ZONE, now: Date = new Date()): string {
  let cached = formatters.get(timeZone);
  if (!cached) {
    // Building a formatter is far dearer than using one, and "today" is asked on hot paths.
    const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    cached = { format, minute: Number.NaN, day: '' };
    formatters.set(timeZone, cached);
  }
  // Every time zone's offset is a whole number of minutes, so a day never turns inside a minute.
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== cached.minute) {
    cached.day = cached.format.format(now);
    cached.minute = minute;
  }
  return cached.day;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Whole years between a birth date and a day (a birthday counts on the day itself). */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Normalises a Date or date string from the database into YYYY-MM-DD. */
export function toIsoDate(value: Date | string): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}
