import { DEFAULT_THRESHOLDS_PCT, thresholdProblems, thresholdsCrossed, utilisationBps } from './alert.rules';

describe('limit thresholds', () => {
  it('counts a threshold crossed when consumption reaches it exactly', () => {
    expect(thresholdsCrossed(69_999, 100_000, DEFAULT_THRESHOLDS_PCT)).toEqual([]);
    expect(thresholdsCrossed(70_000, 100_000, DEFAULT_THRESHOLDS_PCT)).toEqual([70]);
    expect(thresholdsCrossed(94_999, 100_000, DEFAULT_THRESHOLDS_PCT)).toEqual([70, 85]);
    expect(thresholdsCrossed(100_000, 100_000, [100, 70, 95, 85])).toEqual([70, 85, 95, 100]);
  });

  it('has no threshold for a benefit without a limit', () => {
    expect(thresholdsCrossed(5, 0, DEFAULT_THRESHOLDS_PCT)).toEqual([]);
    expect(utilisationBps(5, 0)).toBeNull();
  });

  it('rounds utilisation down, so 99.99% never shows as 100%', () => {
    expect(utilisationBps(99_999, 100_000)).toBe(9_999);
    expect(utilisationBps(1, 3)).toBe(3_333);
  });

  it('accepts whole percents from 1 to 200, once each', () => {
    expect(thresholdProblems([70, 85, 95, 100])).toBeNull();
    expect(thresholdProblems([])).toMatch(/at least one/);
    expect(thresholdProblems([0])).toMatch(/1 to 200/);
    expect(thresholdProblems([70.5])).toMatch(/whole percent/);
    expect(thresholdProblems([201])).toMatch(/1 to 200/);
    expect(thresholdProblems([70, 70])).toMatch(/repeat/);
  });
});
