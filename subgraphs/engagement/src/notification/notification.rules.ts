import { NotificationChannel } from './notification.types';

/** Kenya keeps East Africa Time (UTC+3) all year: no daylight saving to account for. */
const NAIROBI_OFFSET_MINUTES = 180;
const DAY_MINUTES = 24 * 60;

export interface QuietHours {
  /** Local (Africa/Nairobi) minute of the day quiet hours start at, e.g. 21:00 = 1260. */
  startMinute: number;
  /** Local minute of the day they end at, e.g. 07:00 = 420. A start after the end spans midnight. */
  endMinute: number;
}

function localMinute(at: Date): number {
  const utc = at.getUTCHours() * 60 + at.getUTCMinutes();
  return (utc + NAIROBI_OFFSET_MINUTES) % DAY_MINUTES;
}

export function isQuiet(at: Date, quiet: QuietHours): boolean {
  const minute = localMinute(at);
  if (quiet.startMinute === quiet.endMinute) return false;
  return quiet.startMinute < quiet.endMinute
    ? minute >= quiet.startMinute && minute < quiet.endMinute
    : minute >= quiet.startMinute || minute < quiet.endMinute;
}

/**
 * When a notification on `channel` may go out, asked at `at`: SMS and push wait for the end of
 * quiet hours (nobody is woken by their insurer); e-mail is read when the member chooses, so it
 * always goes now.
 */
export function earliestSendTime(channel: NotificationChannel, at: Date, quiet: QuietHours): Date {
  if (channel === NotificationChannel.EMAIL || !isQuiet(at, quiet)) return at;
  const minutesToEnd = (quiet.endMinute - localMinute(at) + DAY_MINUTES) % DAY_MINUTES;
  const startOfMinute = Math.floor(at.getTime() / 60_000) * 60_000;
  return new Date(startOfMinute + minutesToEnd * 60_000);
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
