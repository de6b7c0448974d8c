import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { addDays } from '../../../../kit/dates';
import { ValidationError, type Violation } from '../../../../kit/errors';
import type { Logger } from '../../../../kit/logger';
import type { RewardService } from '../reward/reward.service';
import { HealthMetric } from './health-metric.entity';
import { dailySeries, MetricKind, normaliseSample, utcDay, type MetricSample, type MetricSource, type NormalisedSample, type StoredReading } from './metric.rules';
import { movingAverage, trendDirection, weeklyAggregates, type DailyPoint, type TrendDirection } from './trend.rules';

export interface IngestResult {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** A metric's trend as of a day: daily and weekly values, moving averages and direction. */
export interface MetricTrendFacts {
  memberId: string;
  metric: MetricKind;
  asOf: string;
  daily: DailyPoint[];
  weekly: { weekStart: string; total: number; average: number; days: number }[];
  movingAverage7: { day: string; value: number | null }[];
  movingAverage30: { day: string; value: number | null }[];
  direction: TrendDirection;
}

/** Days of daily values a trend shows. */
export const TREND_DAYS = 30;

export class MetricService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rewards: RewardService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * Stores readings idempotently: one row per member, metric, source and timestamp. A reading
   * seen again with the same value changes nothing; with a new value (a day's steps still
   * growing) it replaces the old one, so a re-sync never doubles a day. Rewards are evaluated in
   * the same transaction. `invalid: 'reject'` refuses the whole batch when one reading is bad
   * (an upload the member can fix); `'skip'` drops and logs it (a provider's odd reading).
   */
  async ingest(manager: EntityManager, memberId: string, source: MetricSource, samples: readonly MetricSample[], invalid: 'reject' | 'skip'): Promise<IngestResult> {
    const violations: Violation[] = [];
    const unique = new Map<string, NormalisedSample>();
    samples.forEach((sample, i) => {
      const checked = normaliseSample(sample, `samples[${i}]`);
      if (!checked.ok) violations.push(checked.violation);
      else unique.set(`${checked.sample.metric}|${checked.sample.measuredAt.toISOString()}`, checked.sample);
    });
    if (violations.length > 0 && invalid === 'reject') throw new ValidationError(violations);
    if (violations.length > 0) this.logger.warn('skipped implausible readings from a source', { source, memberId, violations: violations.slice(0, 5) });
    const rows = [...unique.values()];
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, rejected: violations.length };
    const written: { inserted: boolean }[] = await manager.query(
      `INSERT INTO health_metrics (member_id, metric, source, measured_at, day, value, unit)
       SELECT $1, x.metric, $2, x.measured_at, x.day, x.value, x.unit
       FROM unnest($3::text[], $4::timestamptz[], $5::date[], $6::numeric[], $7::text[]) AS x(metric, measured_at, day, value, unit)
       ON CONFLICT ON CONSTRAINT health_metrics_one_reading
       DO UPDATE SET value = EXCLUDED.value, updated_at = now() WHERE health_metrics.value IS DISTINCT FROM EXCLUDED.value
       RETURNING (xmax = 0) AS inserted`,
      [memberId, source, rows.map((r) => r.metric), rows.map((r) => r.measuredAt.toISOString()), rows.map((r) => r.day), rows.map((r) => r.value), rows.map((r) => r.unit)],
    );
    const inserted = written.filter((w) => w.inserted).length;
    const touched = new Map<MetricKind, Set<string>>();
    for (const row of rows) touched.set(row.metric, new Set([...(touched.get(row.metric) ?? []), row.day]));
    await this.rewards.evaluate(manager, memberId, touched);
    return { inserted, updated: written.length - inserted, unchanged: rows.length - written.length, rejected: violations.length };
  }

  /** Stored readings of a metric for these members over the days `from`..`to`, by member. */
  async readings(manager: EntityManager | DataSource, memberIds: readonly string[], metric: MetricKind, from: string, to: string): Promise<Map<string, StoredReading[]>> {
    const rows: { member_id: string; day: string; source: string; measured_at: Date; value: string }[] = await manager.query(
      `SELECT member_id, day::text, source, measured_at, value FROM health_metrics
       WHERE member_id = ANY($1::uuid[]) AND metric = $2 AND day BETWEEN $3 AND $4`,
      [memberIds, metric, from, to],
    );
    const byMember = new Map<string, StoredReading[]>(memberIds.map((id) => [id, []]));
    for (const row of rows) byMember.get(row.member_id)?.push({ day: row.day, source: row.source, measuredAt: row.measured_at, value: Number(row.value) });
    return byMember;
  }

  /** Each member's daily values of a metric over `from`..`to`. */
  async dailyValues(manager: EntityManager | DataSource, memberIds: readonly string[], metric: MetricKind, from: string, to: string): Promise<Map<string, DailyPoint[]>> {
    const readings = await this.readings(manager, memberIds, metric, from, to);
    return new Map([...readings.entries()].map(([memberId, list]) => [memberId, dailySeries(metric, list)]));
  }

  /** Trends of one metric for several members as of today, from one query. */
  async trends(memberIds: readonly string[], metric: MetricKind): Promise<Map<string, MetricTrendFacts>> {
    const asOf = utcDay(this.clock.now());
    const from = addDays(asOf, -TREND_DAYS + 1);
    // The 30-day average of the first day shown reaches 29 days further back.
    const daily = await this.dailyValues(this.dataSource, memberIds, metric, addDays(from, -29), asOf);
    return new Map(
      [...daily.entries()].map(([memberId, points]) => {
        const shown = points.filter((p) => p.day >= from);
        return [
          memberId,
          {
            memberId,
            metric,
            asOf,
            daily: shown,
            weekly: weeklyAggregates(shown),
            movingAverage7: movingAverage(points, 7, from, asOf),
            movingAverage30: movingAverage(points, 30, from, asOf),
            direction: trendDirection(points, asOf),
          },
        ];
      }),
    );
  }

  /** The latest reading of each metric for each member. */
  async latestOf(memberIds: readonly string[]): Promise<HealthMetric[]> {
    return this.dataSource
      .getRepository(HealthMetric)
      .createQueryBuilder('m')
      .distinctOn(['m.member_id', 'm.metric'])
      .where('m.member_id = ANY(:ids)', { ids: memberIds })
      .orderBy('m.member_id')
      .addOrderBy('m.metric')
      .addOrderBy('m.measured_at', 'DESC')
      .getMany();
  }

  /** A member's readings, newest first. */
  list(memberId: string, metric: MetricKind | null, from: string | null, to: string | null, limit: number): Promise<HealthMetric[]> {
    const query = this.dataSource.getRepository(HealthMetric).createQueryBuilder('m').where('m.member_id = :memberId', { memberId });
    if (metric) query.andWhere('m.metric = :metric', { metric });
    if (from) query.andWhere('m.day >= :from', { from });
    if (to) query.andWhere('m.day <= :to', { to });
    return query.orderBy('m.measured_at', 'DESC').addOrderBy('m.metric').limit(limit).getMany();
  }

  /** Privacy: a member's readings go entirely. */
  async deleteForMember(manager: EntityManager, memberId: string): Promise<number> {
    const [, count] = await manager.query(`DELETE FROM health_metrics WHERE member_id = $1`, [memberId]);
    return count as number;
  }
}
