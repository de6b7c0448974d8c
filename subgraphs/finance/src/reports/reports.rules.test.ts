import { ageingBucket, earnedPremium, formatRatio, lossRatioBps } from './reports.rules';

describe('ageingBucket', () => {
  it('puts each day past due in its bucket, at the exact boundaries', () => {
    const due = '2026-01-31';
    expect(ageingBucket(due, '2026-01-30')).toBe('NOT_DUE');
    expect(ageingBucket(due, '2026-01-31')).toBe('NOT_DUE');
    expect(ageingBucket(due, '2026-02-01')).toBe('DAYS_1_30'); // day 1
    expect(ageingBucket(due, '2026-03-02')).toBe('DAYS_1_30'); // day 30
    expect(ageingBucket(due, '2026-03-03')).toBe('DAYS_31_60'); // day 31
    expect(ageingBucket(due, '2026-04-01')).toBe('DAYS_31_60'); // day 60
    expect(ageingBucket(due, '2026-04-02')).toBe('DAYS_61_90'); // day 61
    expect(ageingBucket(due, '2026-05-01')).toBe('DAYS_61_90'); // day 90
    expect(ageingBucket(due, '2026-05-02')).toBe('OVER_90'); // day 91
  });
});

describe('earnedPremium', () => {
  it('earns the premium of the days of cover inside the window, pro rata', () => {
    expect(earnedPremium(310_000, '2026-01-01', '2026-01-31', '2026-01-01', '2026-01-10')).toBe(100_000);
    expect(earnedPremium(310_000, '2026-01-01', '2026-01-31', '2025-12-01', '2026-12-31')).toBe(310_000);
    expect(earnedPremium(310_000, '2026-01-01', '2026-01-31', '2026-02-01', '2026-02-28')).toBe(0);
    expect(earnedPremium(366_000, '2028-01-01', '2028-12-31', '2028-02-29', '2028-02-29')).toBe(1_000);
  });
});

describe('loss ratio', () => {
  it('is incurred over earned in exact basis points, and none without earned premium', () => {
    expect(lossRatioBps(50_000, 100_000)).toBe(5_000);
    expect(lossRatioBps(1, 3)).toBe(3_333);
    expect(lossRatioBps(250_000, 100_000)).toBe(25_000);
    expect(lossRatioBps(10, 0)).toBeNull();
    expect(formatRatio(5_000)).toBe('0.5000');
    expect(formatRatio(25_000)).toBe('2.5000');
    expect(formatRatio(7)).toBe('0.0007');
  });
});
