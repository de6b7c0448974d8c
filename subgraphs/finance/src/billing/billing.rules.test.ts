import { changeEffectiveDate, duePeriods, lastCoveredDate, proratedAdjustment, remainingDays, type PolicyChanged, type SchedulePolicy } from './billing.rules';

const policy = (overrides: Partial<SchedulePolicy> = {}): SchedulePolicy => ({
  startDate: '2026-01-15',
  lastCoveredDate: '2027-01-14',
  billingFrequency: 'MONTHLY',
  premiumMinor: 300_000,
  ...overrides,
});

describe('duePeriods', () => {
  it('bills monthly periods anchored on the start date, up to the lead days ahead', () => {
    expect(duePeriods(policy(), null, '2026-03-10', 5)).toEqual([
      { periodStart: '2026-01-15', periodEnd: '2026-02-14', periodDays: 31, netMinor: 300_000 },
      { periodStart: '2026-02-15', periodEnd: '2026-03-14', periodDays: 28, netMinor: 300_000 },
      { periodStart: '2026-03-15', periodEnd: '2026-04-14', periodDays: 31, netMinor: 300_000 },
    ]);
    expect(duePeriods(policy(), null, '2026-03-09', 5).map((p) => p.periodStart)).toEqual(['2026-01-15', '2026-02-15']);
  });

  it('continues after what is billed and bills nothing twice', () => {
    expect(duePeriods(policy(), '2026-03-14', '2026-03-10', 5).map((p) => p.periodStart)).toEqual(['2026-03-15']);
    expect(duePeriods(policy(), '2026-04-14', '2026-03-10', 5)).toEqual([]);
  });

  it('bills quarterly and annual periods, clamping month ends to the anchor day', () => {
    const quarterly = duePeriods(policy({ startDate: '2026-01-31', billingFrequency: 'QUARTERLY', lastCoveredDate: '2027-01-30' }), null, '2026-07-31', 0);
    expect(quarterly.map((p) => [p.periodStart, p.periodEnd])).toEqual([
      ['2026-01-31', '2026-04-29'],
      ['2026-04-30', '2026-07-30'],
      ['2026-07-31', '2026-10-30'],
    ]);
    const annual = duePeriods(policy({ billingFrequency: 'ANNUAL' }), null, '2026-01-08', 7);
    expect(annual).toEqual([{ periodStart: '2026-01-15', periodEnd: '2027-01-14', periodDays: 365, netMinor: 300_000 }]);
  });

  it('bills a period cut by the end of cover, or started after a hand-raised one, pro rata to its days', () => {
    const cancelled = duePeriods(policy({ lastCoveredDate: '2026-02-28' }), '2026-02-14', '2026-03-31', 0);
    expect(cancelled).toEqual([{ periodStart: '2026-02-15', periodEnd: '2026-02-28', periodDays: 28, netMinor: 150_000 }]);
    const stub = duePeriods(policy(), '2026-01-31', '2026-02-01', 0);
    expect(stub).toEqual([{ periodStart: '2026-02-01', periodEnd: '2026-02-14', periodDays: 31, netMinor: 135_484 }]);
  });

  it('bills nothing beyond the last day of cover, nor for a policy without premium', () => {
    expect(duePeriods(policy({ lastCoveredDate: '2026-02-14' }), '2026-02-14', '2026-12-31', 0)).toEqual([]);
    expect(duePeriods(policy({ premiumMinor: 0 }), null, '2026-12-31', 0)).toEqual([]);
  });
});

describe('proratedAdjustment', () => {
  it('is the change in premium times the days remaining over the days in the period, half-even', () => {
    expect(proratedAdjustment(31_000, 10, 31)).toBe(10_000);
    expect(proratedAdjustment(-31_000, 10, 31)).toBe(-10_000);
    expect(proratedAdjustment(100, 1, 3)).toBe(33);
    expect(proratedAdjustment(50, 1, 4)).toBe(12); // 12.5 rounds to even
    expect(proratedAdjustment(70, 1, 4)).toBe(18); // 17.5 rounds to even
  });

  it('uses the real days of a leap-year February and of a leap year', () => {
    expect(proratedAdjustment(29_000, 10, remainingDays('2028-02-20', '2028-02-01', '2028-02-29') + 19)).toBe(10_000);
    expect(remainingDays('2028-02-20', '2028-02-01', '2028-02-29')).toBe(10);
    expect(proratedAdjustment(366_000, 1, 366)).toBe(1_000);
  });

  it('covers a one-day period whole, and a cancellation on the last day of the period is zero', () => {
    expect(proratedAdjustment(-5_000, remainingDays('2026-03-01', '2026-03-01', '2026-03-01'), 1)).toBe(-5_000);
    expect(remainingDays('2026-04-01', '2026-03-01', '2026-03-31')).toBe(0);
    expect(proratedAdjustment(-31_000, remainingDays('2026-04-01', '2026-03-01', '2026-03-31'), 31)).toBe(0);
  });

  it('counts the days from the change, or the whole period when the change came before it', () => {
    expect(remainingDays('2026-03-22', '2026-03-01', '2026-03-31')).toBe(10);
    expect(remainingDays('2026-02-10', '2026-03-01', '2026-03-31')).toBe(31);
    expect(() => proratedAdjustment(100, 1, 0)).toThrow(RangeError);
  });
});

describe('change dates', () => {
  const base: PolicyChanged = {
    id: 'p',
    policyNumber: 'POL-1',
    schemeId: 's',
    schemeVersionId: 'v',
    holderMemberId: 'm',
    companyId: null,
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    status: 'ACTIVE',
    premiumInArrears: false,
    coveredMembers: [{ memberId: 'm', coveredFrom: '2026-01-01', coveredTo: '2026-12-31' }],
    billingFrequency: 'MONTHLY',
    premiumMinor: 1,
    currency: 'KES',
    version: 1,
  };

  it('takes the last day of cover of a cancelled policy from the event, or from its cover windows', () => {
    expect(lastCoveredDate(base)).toBe('2026-12-31');
    expect(lastCoveredDate({ ...base, status: 'CANCELLED', cancellationDate: '2026-05-10' })).toBe('2026-05-10');
    expect(lastCoveredDate({ ...base, status: 'CANCELLED', coveredMembers: [{ memberId: 'm', coveredFrom: '2026-01-01', coveredTo: '2026-06-30' }] })).toBe('2026-06-30');
  });

  it('dates a member change by the window that began or stopped', () => {
    const before = base.coveredMembers;
    expect(changeEffectiveDate(before, [...before, { memberId: 'x', coveredFrom: '2026-03-22', coveredTo: '2026-12-31' }], '2026-09-09')).toBe('2026-03-22');
    expect(changeEffectiveDate(before, [{ memberId: 'm', coveredFrom: '2026-01-01', coveredTo: '2026-04-15' }], '2026-09-09')).toBe('2026-04-16');
    expect(changeEffectiveDate(before, before, '2026-09-09')).toBe('2026-09-09');
  });
});
