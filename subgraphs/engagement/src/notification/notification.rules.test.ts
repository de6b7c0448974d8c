import { earliestSendTime, escapeHtml, isQuiet, placeholdersOf, quietUntil, renderTemplate, retryDelaySeconds, utcOffsetMinutes } from './notification.rules';
import { NotificationChannel } from './notification.types';

const QUIET = { startMinute: 21 * 60, endMinute: 7 * 60 };
/** A Nairobi wall-clock time (UTC+3) as an instant. */
const nairobi = (iso: string) => new Date(`${iso}+03:00`);

describe('quiet hours (21:00-07:00 Africa/Nairobi)', () => {
  it('holds SMS and push sent at 22:15 until 07:00 the next morning', () => {
    const at = nairobi('2026-03-10T22:15:30');
    expect(earliestSendTime(NotificationChannel.SMS, at, QUIET)).toEqual(nairobi('2026-03-11T07:00:00'));
    expect(earliestSendTime(NotificationChannel.PUSH, at, QUIET)).toEqual(nairobi('2026-03-11T07:00:00'));
  });

  it('holds a message at 03:00 until 07:00 the same morning', () => {
    expect(earliestSendTime(NotificationChannel.SMS, nairobi('2026-03-11T03:00:00'), QUIET)).toEqual(nairobi('2026-03-11T07:00:00'));
  });

  it('lets e-mail go at night', () => {
    const at = nairobi('2026-03-10T23:00:00');
    expect(earliestSendTime(NotificationChannel.EMAIL, at, QUIET)).toEqual(at);
  });

  it('is not quiet at 07:00 or at 20:59, and is at 21:00 and 06:59', () => {
    expect(isQuiet(nairobi('2026-03-10T07:00:00'), QUIET)).toBe(false);
    expect(isQuiet(nairobi('2026-03-10T20:59:00'), QUIET)).toBe(false);
    expect(isQuiet(nairobi('2026-03-10T21:00:00'), QUIET)).toBe(true);
    expect(isQuiet(nairobi('2026-03-10T06:59:00'), QUIET)).toBe(true);
  });

  it('handles a window that does not cross midnight', () => {
    const lunch = { startMinute: 13 * 60, endMinute: 14 * 60 };
    expect(earliestSendTime(NotificationChannel.SMS, nairobi('2026-03-10T13:30:00'), lunch)).toEqual(nairobi('2026-03-10T14:00:00'));
    expect(isQuiet(nairobi('2026-03-10T14:00:00'), lunch)).toBe(false);
  });
});

describe('quiet hours in a named time zone (marketing)', () => {
  const marketing = { startMinute: 20 * 60, endMinute: 8 * 60, timeZone: 'Africa/Nairobi' };

  it('holds a message asked for at 21:30 in Nairobi until 08:00, and lets one at 19:59 go', () => {
    expect(quietUntil(nairobi('2026-03-10T21:30:00'), marketing)).toEqual(nairobi('2026-03-11T08:00:00'));
    expect(quietUntil(nairobi('2026-03-10T19:59:00'), marketing)).toEqual(nairobi('2026-03-10T19:59:00'));
    expect(quietUntil(nairobi('2026-03-11T08:00:00'), marketing)).toEqual(nairobi('2026-03-11T08:00:00'));
  });

  it('ends at the local end minute across a daylight-saving change', () => {
    const london = { startMinute: 22 * 60, endMinute: 8 * 60, timeZone: 'Europe/London' };
    // 23:00 GMT on the night the clocks go forward: 08:00 the next morning is 08:00 BST (07:00 UTC).
    expect(quietUntil(new Date('2026-03-28T23:00:00Z'), london)).toEqual(new Date('2026-03-29T07:00:00Z'));
    expect(utcOffsetMinutes(new Date('2026-07-01T12:00:00Z'), 'Europe/London')).toBe(60);
  });

  it('ends at the first minute the clock reads when the end minute is skipped by the clocks going forward', () => {
    // In London on 29 March 2026 the clock jumps from 01:00 GMT to 02:00 BST: 01:00 and 01:30 do not exist that night.
    const toOne = { startMinute: 22 * 60, endMinute: 1 * 60, timeZone: 'Europe/London' };
    const toHalfPastOne = { startMinute: 22 * 60, endMinute: 90, timeZone: 'Europe/London' };
    const firstBst = new Date('2026-03-29T01:00:00Z'); // 02:00 BST
    for (const [at, quiet] of [
      ['2026-03-28T23:00:00Z', toOne],
      ['2026-03-29T00:00:00Z', toOne],
      ['2026-03-29T00:45:00Z', toHalfPastOne],
    ] as const) {
      const until = quietUntil(new Date(at), quiet);
      expect(until).toEqual(firstBst);
      expect(isQuiet(until, quiet)).toBe(false);
    }
  });
});

describe('retry backoff', () => {
  it('doubles from the base after each failed attempt, capped at a day', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, 30))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(30, 30)).toBe(86_400);
  });
});

describe('templates', () => {
  it('fills placeholders and leaves unknown ones empty', () => {
    expect(renderTemplate('Claim {{ claimNumber }} was {{decision}}.{{nope}}', { claimNumber: 'CLM-1', decision: 'approved' })).toBe('Claim CLM-1 was approved.');
  });

  it('escapes values in HTML, not the template, and never re-reads a value as template text', () => {
    const html = renderTemplate('<p>Dear member, {{claimNumber}}</p>', { claimNumber: '<script>alert("x")</script>{{decision}}', decision: 'boom' }, { html: true });
    expect(html).toBe('<p>Dear member, &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;{{decision}}</p>');
    expect(escapeHtml(`a&b'`)).toBe('a&amp;b&#39;');
  });

  it('lists the variables a text names', () => {
    expect(placeholdersOf('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
  });
});
