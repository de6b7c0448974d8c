import { averageSeconds, ratioBps } from './metric.rules';

describe('ratios', () => {
  it('gives basis points rounded half up, and nothing over zero', () => {
    expect(ratioBps(2, 3)).toBe(6_667);
    expect(ratioBps(1, 3)).toBe(3_333);
    expect(ratioBps(1, 20_000)).toBe(1);
    expect(ratioBps(5_000, 20_000)).toBe(2_500);
    expect(ratioBps(0, 4)).toBe(0);
    expect(ratioBps(4, 0)).toBeNull();
  });

  it('stays exact on sums of money past 2^53', () => {
    expect(ratioBps(9_007_199_254_740_993n, 9_007_199_254_740_993n * 4n)).toBe(2_500);
  });

  it('averages whole seconds rounded half up', () => {
    expect(averageSeconds(10_860, 3)).toBe(3_620);
    expect(averageSeconds(7, 2)).toBe(4);
    expect(averageSeconds(5, 0)).toBeNull();
  });
});
