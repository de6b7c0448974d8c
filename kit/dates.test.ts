import { addDays, addMonths, ageOn, daysBetween, isIsoDate, today } from './dates';

describe('calendar dates', () => {
  it('counts a birthday on the day itself', () => {
    expect(ageOn('2008-03-15', '2026-03-14')).toBe(17);
    expect(ageOn('2008-03-15', '2026-03-15')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
  });

  it('validates real calendar dates only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('26-01-01')).toBe(false);
  });

  it('adds days and months across month ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
  });

  it("takes today's date in Nairobi, not UTC", () => {
    // 22:30 UTC on 31 December is already 1 January in Nairobi (UTC+3).
    expect(today('Africa/Nairobi', new Date('2026-12-31T22:30:00Z'))).toBe('2027-01-01');
  });
});

describe('today, asked again and again', () => {
  it('turns at midnight where the business is, to the second, whatever it was asked before', () => {
    const at = (iso: string) => today('Africa/Nairobi', new Date(iso));
    expect(at('2026-11-20T20:59:59.999Z')).toBe('2026-11-20');
    expect(at('2026-11-20T21:00:00.000Z')).toBe('2026-11-21');
    expect(at('2026-11-20T20:59:30.000Z')).toBe('2026-11-20');
    expect(at('2026-11-20T21:00:59.000Z')).toBe('2026-11-21');
    expect(today('Asia/Kathmandu', new Date('2026-11-20T18:14:59Z'))).toBe('2026-11-20');
    expect(today('Asia/Kathmandu', new Date('2026-11-20T18:15:00Z'))).toBe('2026-11-21');
  });
});
