import { benefitPeriodContaining } from './benefit-period';

describe('the benefit period containing a day', () => {
  it('is the calendar year for CALENDAR_YEAR schemes, whenever the policy started', () => {
    expect(benefitPeriodContaining('CALENDAR_YEAR', '2025-07-15', '2026-03-10')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
    expect(benefitPeriodContaining('CALENDAR_YEAR', '2025-07-15', '2026-12-31')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });

  it('runs from one anniversary of the policy start to the day before the next for POLICY_YEAR schemes', () => {
    expect(benefitPeriodContaining('POLICY_YEAR', '2025-07-15', '2026-03-10')).toEqual({ start: '2025-07-15', end: '2026-07-14' });
    expect(benefitPeriodContaining('POLICY_YEAR', '2025-07-15', '2026-07-14')).toEqual({ start: '2025-07-15', end: '2026-07-14' });
    expect(benefitPeriodContaining('POLICY_YEAR', '2025-07-15', '2026-07-15')).toEqual({ start: '2026-07-15', end: '2027-07-14' });
    expect(benefitPeriodContaining('POLICY_YEAR', '2023-07-15', '2026-01-01')).toEqual({ start: '2025-07-15', end: '2026-07-14' });
  });

  it('counts anniversaries of a 29 February start from the start itself', () => {
    expect(benefitPeriodContaining('POLICY_YEAR', '2024-02-29', '2025-02-28')).toEqual({ start: '2025-02-28', end: '2026-02-27' });
    expect(benefitPeriodContaining('POLICY_YEAR', '2024-02-29', '2025-02-27')).toEqual({ start: '2024-02-29', end: '2025-02-27' });
    expect(benefitPeriodContaining('POLICY_YEAR', '2024-02-29', '2028-03-01')).toEqual({ start: '2028-02-29', end: '2029-02-27' });
  });
});
