import { In, type DataSource, type EntityManager } from 'typeorm';
import { ForbiddenError } from '../../../../kit/auth/rules';
import type { Clock } from '../../../../kit/clock';
import { preparedQuery } from '../../../../kit/database';
import { ConflictError, NotFoundError, Violations } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import { Money } from '../../../../kit/money';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import { AlertInstance, AlertStatus } from './alert-instance.entity';
import { AlertRule, UtilisationSubject } from './alert-rule.entity';
import { DEFAULT_THRESHOLDS_PCT, isPersonalSubject, thresholdProblems, thresholdsCrossed, utilisationBps } from './alert.rules';
import type { AlertFilterArgs, LimitUtilisation, CreateAlertRuleInput, UpdateAlertRuleInput, UtilisationArgs } from './alert.types';

/** The subjects an evaluation looks at: these members and policies, and the schemes of the benefits when `schemes`. */
export interface SubjectScope {
  memberIds: string[];
  policyIds: string[];
  schemes: boolean;
}

const personalSubjectsRefused = () => new ForbiddenError("a member's or policy's use of its limits is personal data and needs the PII grant; ask for SCHEME");

const ALERT_SORT: KeysetSort<AlertInstance> = { column: 'raised_at', property: 'raisedAt', direction: 'DESC' };

export interface UtilisationRow {
  subject_type: UtilisationSubject;
  subject_id: string;
  benefit_id: string;
  category: string;
  limit_period: string;
  consumed: string;
  limit_minor: string;
  currency: string;
}

/**
 * Consumption per subject, benefit and limit period, from paid claims not reversed, against the
 * limits of the published versions. A member's limit is the benefit's; a policy's the shared family
 * limit; a scheme version's the limit times the lives (or, for family limits, the policies) it covers
 * in that limit year: a life counts when its cover window overlaps the year, on a policy that came
 * into force (not PENDING; a cancelled or expired one counts for the years its cover ran).
 */
const UTILISATION = `
  WITH lines AS (
    SELECT c.member_id, c.policy_id, b.scheme_id, b.scheme_version_id, l.benefit_id, b.category, b.limit_scope,
           b.annual_limit_minor, b.currency, c.benefit_period_start, l.payable_minor
      FROM claim_line_facts l
      JOIN claim_outcomes c ON c.claim_id = l.claim_id
      JOIN benefit_limits b ON b.benefit_id = l.benefit_id
     WHERE NOT c.reversed AND c.decision IN ('APPROVED', 'PARTIALLY_APPROVED') AND c.benefit_period_start IS NOT NULL
       AND ($1::uuid[] IS NULL OR l.benefit_id = ANY($1::uuid[]))
       AND ($6::uuid[] IS NULL OR $8::boolean OR c.member_id = ANY($6::uuid[]) OR c.policy_id = ANY($7::uuid[]))
  ), cover AS (
    SELECT y.scheme_version_id, y.year, count(DISTINCT (w.policy_id, w.member_id)) AS lives, count(DISTINCT w.policy_id) AS policies
      FROM (SELECT DISTINCT scheme_version_id, to_char(benefit_period_start, 'YYYY') AS year FROM lines) y
      JOIN policy_facts p ON p.scheme_version_id = y.scheme_version_id AND p.status <> 'PENDING'
      JOIN policy_cover_facts w ON w.policy_id = p.policy_id
       AND w.covered_from <= make_date(y.year::int, 12, 31) AND w.covered_to >= make_date(y.year::int, 1, 1)
     GROUP BY y.scheme_version_id, y.year
  )
  SELECT * FROM (
    SELECT 'MEMBER' AS subject_type, member_id::text AS subject_id, benefit_id, category, to_char(benefit_period_start, 'YYYY-MM-DD') AS limit_period,
           sum(payable_minor)::text AS consumed, annual_limit_minor::text AS limit_minor, currency
      FROM lines WHERE limit_scope = 'INDIVIDUAL' AND ($6::uuid[] IS NULL OR member_id = ANY($6::uuid[])) GROUP BY member_id, benefit_id, category, benefit_period_start, annual_limit_minor, currency
    UNION ALL
    SELECT 'POLICY', policy_id::text, benefit_id, category, to_char(benefit_period_start, 'YYYY-MM-DD'),
           sum(payable_minor)::text, annual_limit_minor::text, currency
      FROM lines WHERE limit_scope = 'FAMILY' AND policy_id IS NOT NULL AND ($7::uuid[] IS NULL OR policy_id = ANY($7::uuid[])) GROUP BY policy_id, benefit_id, category, benefit_period_start, annual_limit_minor, currency
    UNION ALL
    SELECT 'SCHEME', l.scheme_id::text, l.benefit_id, l.category, to_char(l.benefit_period_start, 'YYYY'),
           sum(l.payable_minor)::text,
           (l.annual_limit_minor * CASE WHEN l.limit_scope = 'FAMILY' THEN cv.policies ELSE cv.lives END)::text, l.currency
      FROM lines l JOIN cover cv ON cv.scheme_version_id = l.scheme_version_id AND cv.year = to_char(l.benefit_period_start, 'YYYY')
     WHERE $8::boolean
     GROUP BY l.scheme_id, l.benefit_id, l.category, to_char(l.benefit_period_start, 'YYYY'), l.annual_limit_minor, l.limit_scope, cv.policies, cv.lives, l.currency
  ) u
  WHERE ($2::text IS NULL OR subject_type = $2) AND ($3::text IS NULL OR subject_id = $3) AND ($4::text IS NULL OR category = $4)
    AND ($5::text IS NULL OR limit_period = $5)
  ORDER BY subject_type, subject_id, category, limit_period, benefit_id`;

export class AlertService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private rows(manager: EntityManager | DataSource, benefitIds: string[] | null, filter: Partial<UtilisationArgs> = {}, scope: SubjectScope | null = null): Promise<UtilisationRow[]> {
    return preparedQuery<UtilisationRow>(manager, UTILISATION, [
      benefitIds,
      filter.subjectType ?? null,
      filter.subjectId ?? null,
      filter.benefitCategory ?? null,
      filter.limitPeriod ?? null,
      scope ? scope.memberIds : null,
      scope ? scope.policyIds : null,
      scope ? scope.schemes : true,
    ]);
  }

  /** Utilisation rows; a member's or policy's only for a caller who `seesPersonal` (see `seesPersonalSubjects`). */
  async utilisation(args: UtilisationArgs, seesPersonal: boolean): Promise<LimitUtilisation[]> {
    if (!seesPersonal && isPersonalSubject(args.subjectType)) throw personalSubjectsRefused();
    const rows = await this.rows(this.dataSource, null, args);
    return rows.map((r) => ({
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      benefitId: r.benefit_id,
      benefitCategory: r.category,
      limitPeriod: r.limit_period,
      consumed: Money.of(Number(r.consumed), r.currency),
      limit: Money.of(Number(r.limit_minor), r.currency),
      utilisationBps: utilisationBps(Number(r.consumed), Number(r.limit_minor)),
    }));
  }

  /**
   * Raises an alert for every threshold of every active rule the utilisation of these benefits
   * (every benefit when null) by these subjects (every subject when null) has reached. The unique
   * key (rule, subject, benefit, period, threshold) makes each crossing one alert however often it
   * is evaluated or the event delivered.
   */
  async evaluate(manager: EntityManager, benefitIds: string[] | null, scope: SubjectScope | null = null): Promise<number> {
    if (benefitIds !== null && benefitIds.length === 0) return 0;
    if (benefitIds !== null) {
      // Two events on one benefit take turns: the later reads the earlier's committed claims, so a
      // threshold their claims cross together is not missed by both. Sorted, so they never deadlock.
      await preparedQuery(
        manager,
        `SELECT pg_advisory_xact_lock(hashtext('analytics:benefit:' || b)) FROM (SELECT b FROM unnest($1::text[]) AS b ORDER BY b) AS benefits`,
        [[...new Set(benefitIds)].sort()],
      );
    }
    const rules = await manager.find(AlertRule, { where: { active: true } });
    if (rules.length === 0) return 0;
    const rows = await this.rows(manager, benefitIds, {}, scope);
    const raised: { rule: string; row: UtilisationRow; pct: number }[] = [];
    for (const row of rows) {
      for (const rule of rules) {
        if (rule.subjectType !== row.subject_type || (rule.benefitCategory && rule.benefitCategory !== row.category)) continue;
        for (const pct of thresholdsCrossed(Number(row.consumed), Number(row.limit_minor), rule.thresholdsPct)) raised.push({ rule: rule.id, row, pct });
      }
    }
    if (raised.length === 0) return 0;
    const inserted = await preparedQuery(
      manager,
      `INSERT INTO alert_instances (rule_id, subject_type, subject_id, benefit_id, benefit_category, limit_period, threshold_pct, consumed_minor, limit_minor, currency, raised_at)
       SELECT u.*, $11::timestamptz FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::int[], $8::bigint[], $9::bigint[], $10::text[]) AS u
       ON CONFLICT ON CONSTRAINT alert_instances_once DO NOTHING RETURNING id`,
      [
        raised.map((r) => r.rule),
        raised.map((r) => r.row.subject_type),
        raised.map((r) => r.row.subject_id),
        raised.map((r) => r.row.benefit_id),
        raised.map((r) => r.row.category),
        raised.map((r) => r.row.limit_period),
        raised.map((r) => r.pct),
        raised.map((r) => r.row.consumed),
        raised.map((r) => r.row.limit_minor),
        raised.map((r) => r.row.currency),
        this.clock.now(),
      ],
    );
    return inserted.length;
  }

  rules(): Promise<AlertRule[]> {
    return this.dataSource.getRepository(AlertRule).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  rulesByIds(ids: readonly string[]): Promise<AlertRule[]> {
    return this.dataSource.getRepository(AlertRule).findBy({ id: In([...ids]) });
  }

  async createRule(input: CreateAlertRuleInput, actorId: string): Promise<AlertRule> {
    const thresholds = input.thresholdsPct ?? [...DEFAULT_THRESHOLDS_PCT];
    const violations = new Violations();
    if (!input.name?.trim()) violations.add('name', 'required', 'give the rule a name');
    const problem = thresholdProblems(thresholds);
    if (problem) violations.add('thresholdsPct', 'thresholds', problem);
    violations.throwIfAny();
    return this.dataSource.transaction(async (manager) => {
      const rule = await manager.save(
        manager.create(AlertRule, {
          name: input.name.trim(),
          subjectType: input.subjectType,
          benefitCategory: input.benefitCategory ?? null,
          thresholdsPct: [...thresholds].sort((a, b) => a - b),
          active: true,
          createdBy: actorId,
        }),
      );
      // What is already past a threshold raises now, not on the next claim.
      await this.evaluate(manager, null);
      return rule;
    });
  }

  async updateRule(input: UpdateAlertRuleInput): Promise<AlertRule> {
    const violations = new Violations();
    if (input.name !== undefined && input.name !== null && !input.name.trim()) violations.add('name', 'required', 'give the rule a name');
    const problem = input.thresholdsPct ? thresholdProblems(input.thresholdsPct) : null;
    if (problem) violations.add('thresholdsPct', 'thresholds', problem);
    violations.throwIfAny();
    return this.dataSource.transaction(async (manager) => {
      const rule = isUuid(input.id) ? await manager.findOne(AlertRule, { where: { id: input.id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!rule) throw new NotFoundError('AlertRule', input.id);
      if (input.name) rule.name = input.name.trim();
      if (input.thresholdsPct) rule.thresholdsPct = [...input.thresholdsPct].sort((a, b) => a - b);
      if (input.active !== undefined && input.active !== null) rule.active = input.active;
      const saved = await manager.save(rule);
      await this.evaluate(manager, null);
      return saved;
    });
  }

  /** Alerts raised; a caller who does not `seesPersonal` is refused member and policy alerts and, unfiltered, gets the schemes' only. */
  async alerts(filter: AlertFilterArgs, page: PageArgs, seesPersonal: boolean): Promise<Page<AlertInstance>> {
    if (!seesPersonal && isPersonalSubject(filter.subjectType)) throw personalSubjectsRefused();
    const query = this.dataSource.getRepository(AlertInstance).createQueryBuilder('alert');
    if (!seesPersonal) query.andWhere('alert.subject_type = :scheme', { scheme: UtilisationSubject.SCHEME });
    if (filter.status) query.andWhere('alert.status = :status', { status: filter.status });
    if (filter.subjectType) query.andWhere('alert.subject_type = :subjectType', { subjectType: filter.subjectType });
    if (filter.subjectId) query.andWhere('alert.subject_id = :subjectId', { subjectId: filter.subjectId });
    return paginate(query, 'alert', ALERT_SORT, page);
  }

  async acknowledge(id: string, actorId: string): Promise<AlertInstance> {
    return this.dataSource.transaction(async (manager) => {
      const alert = isUuid(id) ? await manager.findOne(AlertInstance, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!alert) throw new NotFoundError('AlertInstance', id);
      if (alert.status === AlertStatus.ACKNOWLEDGED) throw new ConflictError(`Alert ${id} was already acknowledged by ${alert.acknowledgedBy}`, { field: 'id', rule: 'open' });
      alert.status = AlertStatus.ACKNOWLEDGED;
      alert.acknowledgedAt = this.clock.now();
      alert.acknowledgedBy = actorId;
      return manager.save(alert);
    });
  }
}
