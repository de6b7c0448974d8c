import { dailySeries, dailyValue, MetricKind, normaliseSample } from './metric.rules';

const at = (iso: string) => new Date(iso);

describe('metric unit validation', () => {
  it('converts accepted units to the canonical one', () => {
    const weight = normaliseSample({ metric: MetricKind.WEIGHT, measuredAt: at('2026-03-01T07:00:00Z'), value: 176.37, unit: 'lb' });
    expect(weight).toEqual({ ok: true, sample: expect.objectContaining({ value: 80, unit: 'kg', day: '2026-03-01' }) });
    const sleep = normaliseSample({ metric: MetricKind.SLEEP_MINUTES, measuredAt: at('2026-03-01T00:00:00Z'), value: 7.5, unit: 'h' });
    expect(sleep).toEqual({ ok: true, sample: expect.objectContaining({ value: 450, unit: 'min' }) });
  });

  it('refuses a unit the metric is not measured in, naming the field and rule', () => {
    const result = normaliseSample({ metric: MetricKind.STEPS, measuredAt: at('2026-03-01T00:00:00Z'), value: 100, unit: 'kg' }, 'samples[3]');
    expect(result).toEqual({ ok: false, violation: expect.objectContaining({ field: 'samples[3].unit', rule: 'METRIC_UNIT' }) });
  });

  it('refuses implausible values and bad timestamps', () => {
    expect(normaliseSample({ metric: MetricKind.HEART_RATE, measuredAt: at('2026-03-01T00:00:00Z'), value: 400, unit: 'bpm' })).toMatchObject({ ok: false, violation: { rule: 'PLAUSIBLE_RANGE' } });
    expect(normaliseSample({ metric: MetricKind.STEPS, measuredAt: at('2026-03-01T00:00:00Z'), value: -1, unit: 'count' })).toMatchObject({ ok: false, violation: { rule: 'PLAUSIBLE_RANGE' } });
    expect(normaliseSample({ metric: MetricKind.STEPS, measuredAt: at('not a date'), value: 10, unit: 'count' })).toMatchObject({ ok: false, violation: { rule: 'TIMESTAMP' } });
    expect(normaliseSample({ metric: MetricKind.STEPS, measuredAt: at('2026-03-01T00:00:00Z'), value: 150_000, unit: 'count' })).toMatchObject({ ok: true });
  });
});

describe('daily values', () => {
  const reading = (day: string, source: string, value: number, time = '00:00:00') => ({ day, source, measuredAt: at(`${day}T${time}Z`), value });

  it('adds steps, averages heart rate and takes the last weight of a day', () => {
    const readings = [reading('2026-03-01', 'APPLE_HEALTH', 60, '06:00:00'), reading('2026-03-01', 'APPLE_HEALTH', 70, '18:00:00')];
    expect(dailyValue(MetricKind.STEPS, readings)).toBe(130);
    expect(dailyValue(MetricKind.HEART_RATE, readings)).toBe(65);
    expect(dailyValue(MetricKind.WEIGHT, [readings[1], readings[0]])).toBe(70);
  });

  it('counts the larger source where two devices report the same day, never their sum', () => {
    const series = dailySeries(MetricKind.STEPS, [
      reading('2026-03-01', 'FITBIT', 8_000),
      reading('2026-03-01', 'APPLE_HEALTH', 7_500),
      reading('2026-03-02', 'APPLE_HEALTH', 3_000, '08:00:00'),
      reading('2026-03-02', 'APPLE_HEALTH', 2_000, '17:00:00'),
    ]);
    expect(series).toEqual([
      { day: '2026-03-01', value: 8_000 },
      { day: '2026-03-02', value: 5_000 },
    ]);
  });
});
