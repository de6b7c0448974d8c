import { registerEnumType } from 'type-graphql';
import type { Violation } from '../../../../kit/errors';

export enum MetricKind {
  STEPS = 'STEPS',
  HEART_RATE = 'HEART_RATE',
  SLEEP_MINUTES = 'SLEEP_MINUTES',
  WEIGHT = 'WEIGHT',
}
registerEnumType(MetricKind, { name: 'HealthMetricKind', description: 'What a health metric measures.' });

export enum MetricSource {
  FITBIT = 'FITBIT',
  GOOGLE_FIT = 'GOOGLE_FIT',
  APPLE_HEALTH = 'APPLE_HEALTH',
  MANUAL = 'MANUAL',
}
registerEnumType(MetricSource, { name: 'HealthMetricSource', description: 'Where a health metric came from.' });

/** One reading as a source reports it, before unit validation. */
export interface MetricSample {
  metric: MetricKind;
  /** When the reading was taken (for daily totals, the start of the day in UTC). */
  measuredAt: Date;
  value: number;
  unit: string;
}

/** A reading in the metric's canonical unit, ready to store. */
export interface NormalisedSample {
  metric: MetricKind;
  measuredAt: Date;
  day: string;
  value: number;
  unit: string;
}

/** The unit each metric is stored in, the units accepted for it (with their factor to it) and the plausible range of one reading. */
export const METRIC_UNITS: Record<MetricKind, { unit: string; accepts: Record<string, number>; min: number; max: number }> = {
  [MetricKind.STEPS]: { unit: 'count', accepts: { count: 1, steps: 1 }, min: 0, max: 150_000 },
  [MetricKind.HEART_RATE]: { unit: 'bpm', accepts: { bpm: 1, 'count/min': 1 }, min: 20, max: 250 },
  [MetricKind.SLEEP_MINUTES]: { unit: 'min', accepts: { min: 1, h: 60 }, min: 0, max: 1_440 },
  [MetricKind.WEIGHT]: { unit: 'kg', accepts: { kg: 1, lb: 0.45359237, g: 0.001 }, min: 2, max: 400 },
};

/**
 * Converts a reading to its metric's canonical unit and checks it is plausible. Steps and sleep are
 * whole numbers; the others keep two decimals (the column's scale), so a re-sync compares equal.
 */
export function normaliseSample(sample: MetricSample, field = 'sample'): { ok: true; sample: NormalisedSample } | { ok: false; violation: Violation } {
  const spec = METRIC_UNITS[sample.metric];
  if (!spec) return { ok: false, violation: { field: `${field}.metric`, rule: 'KNOWN_METRIC', message: `unknown metric ${String(sample.metric)}` } };
  const factor = spec.accepts[sample.unit];
  if (factor === undefined) {
    return { ok: false, violation: { field: `${field}.unit`, rule: 'METRIC_UNIT', message: `${sample.metric} is measured in ${Object.keys(spec.accepts).join(' or ')}, not "${sample.unit}"` } };
  }
  if (!Number.isFinite(sample.value)) return { ok: false, violation: { field: `${field}.value`, rule: 'NUMBER', message: 'must be a number' } };
  if (!(sample.measuredAt instanceof Date) || Number.isNaN(sample.measuredAt.getTime())) {
    return { ok: false, violation: { field: `${field}.measuredAt`, rule: 'TIMESTAMP', message: 'must be a valid timestamp' } };
  }
  const whole = sample.metric === MetricKind.STEPS || sample.metric === MetricKind.SLEEP_MINUTES;
  const converted = sample.value * factor;
  const value = whole ? Math.round(converted) : Math.round(converted * 100) / 100;
  if (value < spec.min || value > spec.max) {
    return { ok: false, violation: { field: `${field}.value`, rule: 'PLAUSIBLE_RANGE', message: `${sample.metric} must be between ${spec.min} and ${spec.max} ${spec.unit} (got ${value})` } };
  }
  return { ok: true, sample: { metric: sample.metric, measuredAt: sample.measuredAt, day: sample.measuredAt.toISOString().slice(0, 10), value, unit: spec.unit } };
}

/** How a day's readings of a metric combine: steps and sleep add up, heart rate averages, weight takes the last. */
export function dailyValue(metric: MetricKind, readings: readonly { measuredAt: Date; value: number }[]): number {
  if (readings.length === 0) return 0;
  if (metric === MetricKind.STEPS || metric === MetricKind.SLEEP_MINUTES) return readings.reduce((sum, r) => sum + r.value, 0);
  if (metric === MetricKind.HEART_RATE) return Math.round((readings.reduce((sum, r) => sum + r.value, 0) / readings.length) * 100) / 100;
  return [...readings].sort((a, b) => a.measuredAt.getTime() - b.measuredAt.getTime())[readings.length - 1].value;
}

/** A stored reading, as the daily series needs it. */
export interface StoredReading {
  day: string;
  source: string;
  measuredAt: Date;
  value: number;
}

/**
 * A metric's value per day, oldest first. Each source's readings of a day combine by
 * `dailyValue`; where two sources report the same day (a watch and a phone both counting the
 * same walk) the larger counts, so connecting a second device never doubles a day.
 */
export function dailySeries(metric: MetricKind, readings: readonly StoredReading[]): { day: string; value: number }[] {
  const bySourceDay = new Map<string, StoredReading[]>();
  for (const reading of readings) {
    const key = `${reading.day}|${reading.source}`;
    bySourceDay.set(key, [...(bySourceDay.get(key) ?? []), reading]);
  }
  const byDay = new Map<string, number>();
  for (const [key, group] of bySourceDay) {
    const day = key.split('|')[0];
    byDay.set(day, Math.max(byDay.get(day) ?? Number.NEGATIVE_INFINITY, dailyValue(metric, group)));
  }
  return [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, value]) => ({ day, value }));
}

/**
 * The UTC day of an instant. Wellness keeps readings by UTC day (providers report days without
 * a zone), so "today" for trends, goals and syncs is the UTC day too.
 */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
