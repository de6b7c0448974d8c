import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../../../../kit/database';
import { daysBetween, isIsoDate } from '../../../../kit/dates';
import { Violations } from '../../../../kit/errors';
import { Money, isCurrencyCode } from '../../../../kit/money';
import { metricNamed, METRICS } from './metric.definitions';
import { averageSeconds, MAX_RANGE_DAYS, ratioBps } from './metric.rules';
import type { AnalyticsSummary, DataPoint, MetricDefinition, TimeSeries } from './metric.types';

export const LOSS_RATIO_BASIS = "paid: claims payable net of reversals (by decision day) / premiums paid (by payment day: the net premium the paid invoice billed for the policy)";

/** The base metrics, recomputed from the facts for the given days. */
const BASE_POINTS = `
  SELECT 'claims.by-status', decided_on, CASE WHEN reversed THEN 'REVERSED' ELSE decision END, '', count(*)
    FROM claim_outcomes WHERE decided_on = ANY($1::date[]) GROUP BY 2, 3
  UNION ALL SELECT 'claims.by-benefit', decided_on, benefit_category, '', count(*)
    FROM claim_outcomes WHERE decided_on = ANY($1::date[]) GROUP BY 2, 3
  UNION ALL SELECT 'claims.payable.by-benefit', decided_on, benefit_category, currency, sum(net_payable_minor)
    FROM claim_outcomes WHERE decided_on = ANY($1::date[]) GROUP BY 2, 3, 4
  UNION ALL SELECT 'claims.by-provider', decided_on, provider_id::text, '', count(*)
    FROM claim_outcomes WHERE decided_on = ANY($1::date[]) GROUP BY 2, 3
  UNION ALL SELECT 'claims.payable.by-provider', decided_on, provider_id::text, currency, sum(net_payable_minor)
    FROM claim_outcomes WHERE decided_on = ANY($1::date[]) GROUP BY 2, 3, 4
  UNION ALL SELECT 'claims.payable', decided_on, '', currency, sum(net_payable_minor)
    FROM claim_outcomes WHERE decided_on = ANY($1::date[]) GROUP BY 2, 4
  UNION ALL SELECT 'claims.decided', decided_on, '', '', count(*)
    FROM claim_outcomes WHERE decided_on = ANY($1::date[]) AND decision <> 'PENDED' GROUP BY 2
  UNION ALL SELECT 'claims.decided.automatically', decided_on, '', '', count(*)
    FROM claim_outcomes WHERE decided_on = ANY($1::date[]) AND decision <> 'PENDED' AND decided_by = 'ENGINE' GROUP BY 2
  UNION ALL SELECT 'claims.turnaround.claims', decided_on, '', '', count(*)
    FROM claim_outcomes WHERE decided_on = ANY($1::date[]) AND decision <> 'PENDED' AND submitted_at IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'claims.turnaround.total-seconds', decided_on, '', '', round(sum(extract(epoch FROM decided_at - submitted_at)))::bigint
    FROM claim_outcomes WHERE decided_on = ANY($1::date[]) AND decision <> 'PENDED' AND submitted_at IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'premiums.paid', pp.paid_on, '', coalesce(pp.currency, p.currency), sum(coalesce(pp.net_premium_minor, p.premium_minor))
    FROM premium_payments pp LEFT JOIN policy_facts p ON p.policy_id = pp.policy_id
   WHERE pp.paid_on = ANY($1::date[]) AND (pp.net_premium_minor IS NOT NULL OR p.policy_id IS NOT NULL) GROUP BY 2, 4
  UNION ALL SELECT 'premiums.overdue-invoices', reported_on, '', '', count(*)
    FROM overdue_invoices WHERE reported_on = ANY($1::date[]) GROUP BY 2
  UNION ALL SELECT 'settlements.posted', posted_on, '', currency, sum(amount_minor)
    FROM settlement_facts WHERE posted_on = ANY($1::date[]) GROUP BY 2, 4`;

/** Ratios of base points of the same day (and currency), rounded half up as `ratioBps` and `averageSeconds` do. */
const DERIVED_POINTS = `
  SELECT 'claims.auto-adjudication-rate', a.day, '', '', (a.value * 20000 + d.value) / (2 * d.value)
    FROM metric_points d LEFT JOIN metric_points a ON a.metric = 'claims.decided.automatically' AND a.day = d.day
   WHERE d.metric = 'claims.decided' AND d.day = ANY($1::date[]) AND d.value > 0 AND a.day IS NOT NULL
  UNION ALL SELECT 'claims.auto-adjudication-rate', d.day, '', '', 0
    FROM metric_points d WHERE d.metric = 'claims.decided' AND d.day = ANY($1::date[]) AND d.value > 0
     AND NOT EXISTS (SELECT 1 FROM metric_points a WHERE a.metric = 'claims.decided.automatically' AND a.day = d.day)
  UNION ALL SELECT 'claims.turnaround.average-seconds', t.day, '', '', (t.value * 2 + c.value) / (2 * c.value)
    FROM metric_points t JOIN metric_points c ON c.metric = 'claims.turnaround.claims' AND c.day = t.day
   WHERE t.metric = 'claims.turnaround.total-seconds' AND t.day = ANY($1::date[]) AND c.value > 0
  UNION ALL SELECT 'loss-ratio', c.day, '', c.currency, (c.value * 20000 + p.value) / (2 * p.value)
    FROM metric_points c JOIN metric_points p ON p.metric = 'premiums.paid' AND p.day = c.day AND p.currency = c.currency
   WHERE c.metric = 'claims.payable' AND c.day = ANY($1::date[]) AND p.value > 0`;

export class MetricService {
  constructor(private readonly dataSource: DataSource) {}

  definitions(): MetricDefinition[] {
    return METRICS.map((m) => ({ ...m }));
  }

  /**
   * Recomputes every point of these days from the facts, in the caller's transaction. Days are
   * locked in order so two consumers refreshing the same day take turns instead of colliding.
   */
  async refreshDays(manager: EntityManager, days: Iterable<string>): Promise<void> {
    const list = [...new Set(days)].sort();
    if (list.length === 0) return;
    await preparedQuery(manager, `SELECT pg_advisory_xact_lock(hashtext('analytics:day:' || d)) FROM (SELECT d FROM unnest($1::text[]) AS d ORDER BY d) AS days`, [list]);
    await preparedQuery(manager, 'DELETE FROM metric_points WHERE day = ANY($1::date[])', [list]);
    await preparedQuery(manager, `INSERT INTO metric_points (metric, day, dimension, currency, value) ${BASE_POINTS}`, [list]);
    await preparedQuery(manager, `INSERT INTO metric_points (metric, day, dimension, currency, value) ${DERIVED_POINTS}`, [list]);
  }

  /** Every day any fact falls on (for a rebuild). */
  async allFactDays(manager: EntityManager): Promise<string[]> {
    const rows = await preparedQuery<{ day: string }>(
      manager,
      `SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day FROM (
         SELECT decided_on AS day FROM claim_facts WHERE decided_on IS NOT NULL
         UNION SELECT paid_on FROM premium_payments UNION SELECT reported_on FROM overdue_invoices UNION SELECT posted_on FROM settlement_facts) d`,
      [],
    );
    return rows.map((r) => r.day);
  }

  async series(metric: string, from: string, to: string, filter: { dimension?: string | null; currency?: string | null } = {}): Promise<TimeSeries> {
    const definition = metricNamed(metric);
    const violations = new Violations();
    if (!definition) violations.add('metric', 'known', `"${metric}" is not a metric; see metricDefinitions`);
    checkRange(violations, from, to);
    if (filter.currency && !isCurrencyCode(filter.currency)) violations.add('currency', 'iso4217', 'must be a three-letter currency code');
    violations.throwIfAny();
    const rows = await preparedQuery<{ day: string; dimension: string; currency: string; value: string }>(
      this.dataSource,
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, dimension, currency, value::text AS value FROM metric_points
        WHERE metric = $1 AND day BETWEEN $2 AND $3 AND ($4::text IS NULL OR dimension = $4) AND ($5::text IS NULL OR currency = $5)
        ORDER BY day, dimension, currency`,
      [metric, from, to, filter.dimension ?? null, filter.currency ?? null],
    );
    return { metric: { ...definition! }, from, to, points: rows as DataPoint[] };
  }

  /** Claims and premium figures over the span, summed from the daily points. */
  async summary(from: string, to: string, currency: string): Promise<AnalyticsSummary> {
    const violations = new Violations();
    checkRange(violations, from, to);
    if (!isCurrencyCode(currency)) violations.add('currency', 'iso4217', 'must be a three-letter currency code');
    violations.throwIfAny();
    const rows = await preparedQuery<{ metric: string; total: string }>(
      this.dataSource,
      `SELECT metric, sum(value)::text AS total FROM metric_points
        WHERE day BETWEEN $1 AND $2 AND metric = ANY($3) AND (currency = '' OR currency = $4) GROUP BY metric`,
      [from, to, ['claims.decided', 'claims.decided.automatically', 'claims.turnaround.claims', 'claims.turnaround.total-seconds', 'claims.payable', 'premiums.paid'], currency],
    );
    const total = (metric: string) => BigInt(rows.find((r) => r.metric === metric)?.total ?? '0');
    const decided = total('claims.decided');
    const automatic = total('claims.decided.automatically');
    const payable = total('claims.payable');
    const premiums = total('premiums.paid');
    return {
      from,
      to,
      claimsDecided: Number(decided),
      claimsDecidedAutomatically: Number(automatic),
      autoAdjudicationRateBps: ratioBps(automatic, decided),
      averageTurnaroundSeconds: averageSeconds(total('claims.turnaround.total-seconds'), total('claims.turnaround.claims')),
      claimsPayable: Money.of(Number(payable), currency),
      premiumsPaid: Money.of(Number(premiums), currency),
      lossRatioBps: ratioBps(payable, premiums),
      lossRatioBasis: LOSS_RATIO_BASIS,
    };
  }
}

/** A span of days: both ISO dates, in order, no longer than MAX_RANGE_DAYS. */
export function checkRange(violations: Violations, from: string, to: string): void {
  if (!isIsoDate(from)) violations.add('from', 'date', 'must be a date (YYYY-MM-DD)');
  if (!isIsoDate(to)) violations.add('to', 'date', 'must be a date (YYYY-MM-DD)');
  if (isIsoDate(from) && isIsoDate(to)) {
    if (to < from) violations.add('to', 'notBeforeFrom', 'must not be before from');
    else if (daysBetween(from, to) >= MAX_RANGE_DAYS) violations.add('to', 'maxRange', `the span may cover at most ${MAX_RANGE_DAYS} days`);
  }
}
