import { NotificationChannel } from './notification.types';

/** Kenya keeps East Africa Time (UTC+3) all year: no daylight saving to account for. */
const NAIROBI_OFFSET_MINUTES = 180;
const DAY_MINUTES = 24 * 60;

export interface QuietHours {
  /** Local minute of the day quiet hours start at, e.g. 21:00 = 1260. */
  startMinute: number;
  /** Local minute of the day they end at, e.g. 07:00 = 420. A start after the end spans midnight. */
  endMinute: number;
  /** The IANA time zone the minutes are read in; Africa/Nairobi (UTC+3, no daylight saving) when absent. */
  timeZone?: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes `timeZone` is ahead of UTC at `at` (daylight saving included). */
export function utcOffsetMinutes(at: Date, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

function offsetIn(at: Date, quiet: QuietHours): number {
  return quiet.timeZone ? utcOffsetMinutes(at, quiet.timeZone) : NAIROBI_OFFSET_MINUTES;
}

function localMinute(at: Date, quiet: QuietHours): number {
  const utc = at.getUTCHours() * 60 + at.getUTCMinutes();
  return (((utc + offsetIn(at, quiet)) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
}

export function isQuiet(at: Date, quiet: QuietHours): boolean {
  const minute = localMinute(at, quiet);
  if (quiet.startMinute === quiet.endMinute) return false;
  return quiet.startMinute < quiet.endMinute
    ? minute >= quiet.startMinute && minute < quiet.endMinute
    : minute >= quiet.startMinute || minute < quiet.endMinute;
}

/**
 * `at` itself outside quiet hours; inside them, the first instant after them (normally when the
 * local clock reads the end minute; when a daylight-saving change skips that minute, the first
 * one the clock does read after it).
 */
export function quietUntil(at: Date, quiet: QuietHours): Date {
  if (!isQuiet(at, quiet)) return at;
  const minutesToEnd = (quiet.endMinute - localMinute(at, quiet) + DAY_MINUTES) % DAY_MINUTES;
  const startOfMinute = Math.floor(at.getTime() / 60_000) * 60_000;
  const end = new Date(startOfMinute + minutesToEnd * 60_000);
  // A daylight-saving change inside the window moves the wall clock: correct by the difference.
  const corrected = new Date(end.getTime() - (offsetIn(end, quiet) - offsetIn(at, quiet)) * 60_000);
  if (corrected > at && !isQuiet(corrected, quiet) && isQuiet(new Date(corrected.getTime() - 60_000), quiet)) return corrected;
  // The end minute does not exist that night (the clock skips it): the first minute that is not quiet.
  for (let minute = startOfMinute + 60_000; minute <= startOfMinute + (DAY_MINUTES + 120) * 60_000; minute += 60_000) {
    if (!isQuiet(new Date(minute), quiet)) return new Date(minute);
  }
  throw new Error(`quiet hours ${quiet.startMinute}-${quiet.endMinute} in ${quiet.timeZone} never end after ${at.toISOString()}`);
}

/**
 * When a notification on `channel` may go out, asked at `at`: SMS and push wait for the end of
 * quiet hours (nobody is woken by their insurer); e-mail is read when the member chooses, so it
 * always goes now.
 */
export function earliestSendTime(channel: NotificationChannel, at: Date, quiet: QuietHours): Date {
  return channel === NotificationChannel.EMAIL ? at : quietUntil(at, quiet);
}

/** Seconds to wait before the retry that follows `attemptsMade` failed attempts: base, 2×base, 4×base… capped at a day. */
export function retryDelaySeconds(attemptsMade: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 2 ** Math.max(0, attemptsMade - 1), 86_400);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g;

/** The variables a template text names (`{{claimNumber}}`). */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * Fills `{{name}}` placeholders with the event's values. Values are inserted once and never
 * re-read as template text; with `html`, each value is HTML-escaped so a member's name or a
 * provider's text cannot inject markup into an e-mail. An unknown variable renders empty.
 */
export function renderTemplate(text: string, variables: Record<string, string>, options: { html?: boolean } = {}): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : '';
    return options.html ? escapeHtml(value) : value;
  });
}
