import { forecastUsage } from './forecast.rules';

const base = { windowDays: 30, today: '2026-03-01', horizonDays: 30 };

describe('usage forecast', () => {
  it('never runs out without consumption, and keeps the balance at the horizon', () => {
    const forecast = forecastUsage({ ...base, balance: 500, consumedInWindow: 0 });
    expect(forecast).toMatchObject({ averageDailyConsumption: '0.00', runOutDate: null, projectedBalanceAtHorizon: 500 });
    expect(forecast.method).toMatch(/last 30 days/);
  });

  it('projects an even rate exactly: 10 a day runs 300 tokens out in 30 days', () => {
    const forecast = forecastUsage({ ...base, balance: 300, consumedInWindow: 300 });
    expect(forecast).toMatchObject({ averageDailyConsumption: '10.00', runOutDate: '2026-03-31', projectedBalanceAtHorizon: 0 });
  });

  it('rounds the days left up and the consumption at the horizon up', () => {
    // 7 tokens in 30 days: 0.2333/day; 10 tokens last ceil(300/7) = 43 days; 7 days use ceil(49/30) = 2.
    const forecast = forecastUsage({ ...base, balance: 10, consumedInWindow: 7, horizonDays: 7 });
    expect(forecast).toMatchObject({ averageDailyConsumption: '0.23', runOutDate: '2026-04-13', projectedBalanceAtHorizon: 8 });
  });

  it('rounds the average half up to two decimals', () => {
    expect(forecastUsage({ ...base, balance: 1, consumedInWindow: 1, windowDays: 8 }).averageDailyConsumption).toBe('0.13');
  });

  it('never projects a negative balance', () => {
    expect(forecastUsage({ ...base, balance: 5, consumedInWindow: 3000, horizonDays: 90 }).projectedBalanceAtHorizon).toBe(0);
  });

  it('stays exact beyond floating point precision', () => {
    const forecast = forecastUsage({ ...base, balance: 9_007_199_254_740_991, consumedInWindow: 3, windowDays: 3, horizonDays: 1 });
    expect(forecast.projectedBalanceAtHorizon).toBe(9_007_199_254_740_990);
  });
});
