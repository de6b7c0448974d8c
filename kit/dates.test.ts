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
