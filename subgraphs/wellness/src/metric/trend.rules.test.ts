import { addDays } from '../../../../kit/dates';
import { movingAverage, trendDirection, weekStart, weeklyAggregates, type DailyPoint } from './trend.rules';

const series = (start: string, values: number[]): DailyPoint[] => values.map((value, i) => ({ day: addDays(start, i), value }));

describe('trends', () => {
  it('groups days into ISO weeks starting on Monday', () => {
    expect(weekStart('2026-03-01')).toBe('2026-02-23'); // a Sunday belongs to the week before
    expect(weekStart('2026-03-02')).toBe('2026-03-02');
    // 2026-02-28 (Sat), 03-01 (Sun), then 03-02 .. 03-04
    expect(weeklyAggregates(series('2026-02-28', [1000, 3000, 2000, 4000, 6000]))).toEqual([
      { weekStart: '2026-02-23', total: 4000, average: 2000, days: 2 },
      { weekStart: '2026-03-02', total: 12000, average: 4000, days: 3 },
    ]);
  });

  it('averages the days with data in each moving window, null when none has', () => {
    const points = series('2026-03-01', [700, 1400, 2100]);
    expect(movingAverage(points, 7, '2026-03-01', '2026-03-03')).toEqual([
      { day: '2026-03-01', value: 700 },
      { day: '2026-03-02', value: 1050 },
      { day: '2026-03-03', value: 1400 },
    ]);
    expect(movingAverage(points, 7, '2026-03-10', '2026-03-10')).toEqual([{ day: '2026-03-10', value: null }]);
    // The 30-day window still reaches 2026-03-01 on 2026-03-30.
    expect(movingAverage(points, 30, '2026-03-30', '2026-03-31')).toEqual([
      { day: '2026-03-30', value: 1400 },
      { day: '2026-03-31', value: 1750 },
    ]);
  });

  it('reads the direction from the last 7 days against the 7 before, with a 5% dead band', () => {
    const flatThenUp = series('2026-03-01', [...Array(7).fill(5000), ...Array(7).fill(6000)]);
    expect(trendDirection(flatThenUp, '2026-03-14')).toBe('UP');
    const down = series('2026-03-01', [...Array(7).fill(6000), ...Array(7).fill(5000)]);
    expect(trendDirection(down, '2026-03-14')).toBe('DOWN');
    const steady = series('2026-03-01', [...Array(7).fill(6000), ...Array(7).fill(6200)]);
    expect(trendDirection(steady, '2026-03-14')).toBe('FLAT');
    expect(trendDirection(series('2026-03-08', Array(7).fill(6000)), '2026-03-14')).toBe('FLAT');
  });
});
