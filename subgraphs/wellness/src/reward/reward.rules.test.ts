import { earnedPeriods, periodStartOf } from './reward.rules';

const points = (entries: [string, number][]) => entries.map(([day, value]) => ({ day, value }));

describe('reward rules', () => {
  it('earns a daily rule on each day that reaches the threshold', () => {
    expect(earnedPeriods({ period: 'DAY', threshold: 10000, daysRequired: 1 }, points([['2026-03-02', 10000], ['2026-03-03', 9999], ['2026-03-04', 15000]]))).toEqual(['2026-03-02', '2026-03-04']);
  });

  it('earns a weekly rule once for a week with enough counting days, by its Monday', () => {
    const week = points([['2026-03-02', 8000], ['2026-03-03', 8000], ['2026-03-04', 8000], ['2026-03-05', 1000], ['2026-03-09', 9000]]);
    expect(earnedPeriods({ period: 'WEEK', threshold: 8000, daysRequired: 3 }, week)).toEqual(['2026-03-02']);
    expect(earnedPeriods({ period: 'WEEK', threshold: 8000, daysRequired: 4 }, week)).toEqual([]);
    expect(periodStartOf('WEEK', '2026-03-08')).toBe('2026-03-02');
  });
});
