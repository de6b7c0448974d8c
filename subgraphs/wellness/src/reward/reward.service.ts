import type { DataSource, EntityManager } from 'typeorm';
import { addDays } from '../../../../kit/dates';
import { ConflictError, Violations } from '../../../../kit/errors';
import { isUniqueViolation } from '../../../../kit/database';
import { recordEvent } from '../../../../kit/events/outbox';
import { dailySeries, MetricKind, type StoredReading } from '../metric/metric.rules';
import { RewardAward, RewardPeriod, RewardRule } from './reward.entity';
import { earnedPeriods, periodStartOf } from './reward.rules';

/** `wellness.reward.earned`: a member earned points (engagement may congratulate them). */
export const REWARD_EARNED = 'wellness.reward.earned';

export interface RewardEarnedPayload {
  awardId: string;
  memberId: string;
  ruleId: string;
  ruleCode: string;
  periodStart: string;
  points: number;
}

export interface NewRewardRule {
  code: string;
  description: string;
  period: RewardPeriod;
  metric: MetricKind;
  threshold: number;
  daysRequired?: number | null;
  points: number;
}

export class RewardService {
  constructor(private readonly dataSource: DataSource) {}

  rules(includeInactive: boolean): Promise<RewardRule[]> {
    return this.dataSource.getRepository(RewardRule).find({ where: includeInactive ? {} : { active: true }, order: { code: 'ASC' } });
  }

  rulesByIds(ids: readonly string[]): Promise<RewardRule[]> {
    return this.dataSource.getRepository(RewardRule).createQueryBuilder('r').where('r.id = ANY(:ids)', { ids }).getMany();
  }

  async createRule(input: NewRewardRule): Promise<RewardRule> {
    const problems = new Violations();
    if (!/^[A-Z0-9_-]{2,40}$/.test(input.code)) problems.add('code', 'CODE_FORMAT', 'must be 2-40 upper-case letters, digits, _ or -');
    if (input.description.trim().length < 10) problems.add('description', 'DESCRIPTION_REQUIRED', 'must tell the member what to do (10 characters or more)');
    if (!(input.threshold > 0)) problems.add('threshold', 'POSITIVE', 'must be more than zero');
    if (!Number.isInteger(input.points) || input.points < 1) problems.add('points', 'POSITIVE_INTEGER', 'must be a whole number of points, 1 or more');
    const daysRequired = input.period === RewardPeriod.DAY ? 1 : (input.daysRequired ?? 1);
    if (!Number.isInteger(daysRequired) || daysRequired < 1 || daysRequired > 7) problems.add('daysRequired', 'DAYS_IN_WEEK', 'must be between 1 and 7');
    problems.throwIfAny();
    try {
      const [{ id }] = await this.dataSource.query(
        `INSERT INTO reward_rules (code, description, period, metric, threshold, days_required, points) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [input.code, input.description.trim(), input.period, input.metric, input.threshold, daysRequired, input.points],
      );
      return this.dataSource.getRepository(RewardRule).findOneByOrFail({ id });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A reward rule with code ${input.code} already exists`, { field: 'code', rule: 'UNIQUE' });
      throw error;
    }
  }

  async setRuleActive(code: string, active: boolean): Promise<RewardRule> {
    const rule = await this.dataSource.getRepository(RewardRule).findOneBy({ code });
    if (!rule) throw new ConflictError(`No reward rule ${code}`, { field: 'code', rule: 'EXISTS' });
    await this.dataSource.query(`UPDATE reward_rules SET active = $2 WHERE id = $1`, [rule.id, active]);
    return { ...rule, active } as RewardRule;
  }

  /**
   * Awards what the member's readings on the touched days earn under the active rules. Each rule
   * pays once per period: the award's unique key makes a re-sync, a second ingestion racing this
   * one or the periodic job a no-op for periods already paid.
   */
  async evaluate(manager: EntityManager, memberId: string, touched: Map<MetricKind, Set<string>>): Promise<RewardAward[]> {
    if (touched.size === 0) return [];
    const rules: RewardRule[] = await manager.getRepository(RewardRule).find({ where: { active: true } });
    const awards: RewardAward[] = [];
    for (const rule of rules) {
      const days = touched.get(rule.metric);
      if (!days?.size) continue;
      const periods = new Set([...days].map((day) => periodStartOf(rule.period, day)));
      const sorted = [...periods].sort();
      const from = sorted[0];
      const to = addDays(sorted[sorted.length - 1], rule.period === RewardPeriod.DAY ? 0 : 6);
      const rows: { day: string; source: string; measured_at: Date; value: string }[] = await manager.query(
        `SELECT day::text, source, measured_at, value FROM health_metrics WHERE member_id = $1 AND metric = $2 AND day BETWEEN $3 AND $4`,
        [memberId, rule.metric, from, to],
      );
      const readings: StoredReading[] = rows.map((r) => ({ day: r.day, source: r.source, measuredAt: r.measured_at, value: Number(r.value) }));
      const earned = earnedPeriods(rule, dailySeries(rule.metric, readings)).filter((start) => periods.has(start));
      for (const periodStart of earned) {
        const [award] = await manager.query(
          `INSERT INTO reward_awards (rule_id, member_id, period_start, points) VALUES ($1, $2, $3, $4)
           ON CONFLICT ON CONSTRAINT reward_awards_once_per_period DO NOTHING RETURNING id`,
          [rule.id, memberId, periodStart, rule.points],
        );
        if (!award) continue;
        await recordEvent<RewardEarnedPayload>(manager, {
          type: REWARD_EARNED,
          aggregateId: memberId,
          payload: { awardId: award.id, memberId, ruleId: rule.id, ruleCode: rule.code, periodStart, points: rule.points },
        });
        awards.push(await manager.getRepository(RewardAward).findOneByOrFail({ id: award.id }));
      }
    }
    return awards;
  }

  /** Re-evaluates the last `days` days for every member with readings in them (rules added later, missed evaluations). */
  async evaluateRecent(today: string, days: number): Promise<number> {
    const from = addDays(today, -days + 1);
    const members: { member_id: string; metric: MetricKind; days: string[] }[] = await this.dataSource.query(
      `SELECT member_id, metric, array_agg(DISTINCT day::text) AS days FROM health_metrics WHERE day BETWEEN $1 AND $2 GROUP BY member_id, metric`,
      [from, today],
    );
    const byMember = new Map<string, Map<MetricKind, Set<string>>>();
    for (const row of members) {
      const touched = byMember.get(row.member_id) ?? new Map<MetricKind, Set<string>>();
      touched.set(row.metric, new Set(row.days));
      byMember.set(row.member_id, touched);
    }
    let awarded = 0;
    for (const [memberId, touched] of byMember) {
      awarded += (await this.dataSource.transaction((manager) => this.evaluate(manager, memberId, touched))).length;
    }
    return awarded;
  }

  /** Each member's points balance: everything earned (points are not yet spent anywhere). */
  async balances(memberIds: readonly string[]): Promise<Map<string, number>> {
    const rows: { member_id: string; points: string }[] = await this.dataSource.query(
      `SELECT member_id, sum(points)::text AS points FROM reward_awards WHERE member_id = ANY($1::uuid[]) GROUP BY member_id`,
      [memberIds],
    );
    return new Map(rows.map((r) => [r.member_id, Number(r.points)]));
  }

  /** The latest `limit` awards of each member, from one query. */
  async historyOf(memberIds: readonly string[], limit: number): Promise<RewardAward[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY member_id ORDER BY earned_at DESC, period_start DESC) AS n
                       FROM reward_awards WHERE member_id = ANY($1::uuid[])) ranked WHERE n <= $2`,
      [memberIds, limit],
    );
    if (rows.length === 0) return [];
    return this.dataSource.getRepository(RewardAward).createQueryBuilder('a').where('a.id = ANY(:ids)', { ids: rows.map((r) => r.id) }).orderBy('a.earned_at', 'DESC').addOrderBy('a.period_start', 'DESC').getMany();
  }
}
