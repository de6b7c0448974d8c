import { goalProgress } from './goal.rules';

const goal = { dailyTarget: 8000, startDate: '2026-03-01', days: 30 };
const points = (entries: [string, number][]) => entries.map(([day, value]) => ({ day, value }));

describe('goal progress', () => {
  it('counts the days within the goal that reached the target', () => {
    const progress = goalProgress(goal, points([['2026-02-28', 20000], ['2026-03-01', 8000], ['2026-03-02', 7999], ['2026-03-03', 12000], ['2026-03-31', 9000]]), '2026-03-03');
    expect(progress).toEqual({ daysMet: 2, daysElapsed: 3, daysTotal: 30, percent: 6, achieved: false, stillAchievable: false, endDate: '2026-03-30' });
  });

  it('stays achievable while today is not yet met, and is achieved on the last day met', () => {
    expect(goalProgress(goal, points([['2026-03-01', 9000]]), '2026-03-02').stillAchievable).toBe(true);
    const all = Array.from({ length: 30 }, (_, i) => [`2026-03-${String(i + 1).padStart(2, '0')}`, 8000] as [string, number]);
    expect(goalProgress(goal, points(all), '2026-04-05')).toMatchObject({ daysMet: 30, daysElapsed: 30, percent: 100, achieved: true });
  });
});
