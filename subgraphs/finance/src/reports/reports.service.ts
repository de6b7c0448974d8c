import type { DataSource } from 'typeorm';
import { BUSINESS_TIME_ZONE, isIsoDate, toIsoDate } from '../../../../kit/dates';
import { Violations } from '../../../../kit/errors';
import { minorFromSql, Money } from '../../../../kit/money';
import { addToAgeing, earnedPremium, emptyAgeing, formatRatio, lossRatioBps, type AgeingTotals } from './reports.rules';
import { ReportGrouping, type AgeingBuckets, type AgeingDebtor, type FinancialReport, type FinancialReportRow, type ReceivablesAgeing } from './reports.types';

interface RowTotals {
  groupId: string | null;
  currency: string;
  written: number;
  earned: number;
  incurred: number;
  paid: number;
}

function buckets(currency: string, totals: AgeingTotals): AgeingBuckets {
  return {
    currency,
    notYetDue: Money.of(totals.NOT_DUE, currency),
    days1To30: Money.of(totals.DAYS_1_30, currency),
    days31To60: Money.of(totals.DAYS_31_60, currency),
    days61To90: Money.of(totals.DAYS_61_90, currency),
    over90: Money.of(totals.OVER_90, currency),
    total: Money.of(totals.total, currency),
  };
}

/** SQL naming the group a policy's row falls in, given aliases for the policy copy (`bp`) and the invoice's company. */
function groupSql(groupBy: ReportGrouping, companyColumn: string): string {
  if (groupBy === ReportGrouping.SCHEME) return 'bp.scheme_id::text';
  if (groupBy === ReportGrouping.EMPLOYER) return `coalesce(${companyColumn}, bp.company_id)::text`;
  return 'NULL::text';
}

/** A settlement or ledger line's member, matched to the policy that covered them (for its scheme and employer). */
const POLICY_OF_MEMBER = `LEFT JOIN LATERAL (
    SELECT * FROM billing_policies p WHERE p.covered_members @> jsonb_build_array(jsonb_build_object('memberId', member_ref::text))
     ORDER BY p.start_date DESC LIMIT 1) bp ON true`;

/** Read-only figures for finance staff: receivables ageing and the premium and claims report. */
export class ReportsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * What was owed on `asOf` by invoices issued by then, by days past due, per currency and per
   * debtor: the invoice's amount due as it stood that day (total less payments received, plus
   * refunds and lost chargebacks taking them back, less credit notes applied, each by that day).
   */
  async receivablesAgeing(asOf: string, companyId?: string | null, memberId?: string | null): Promise<ReceivablesAgeing> {
    const violations = new Violations();
    if (!isIsoDate(asOf)) violations.add('asOf', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
    violations.throwIfAny();
    const rows: { company_id: string | null; billed_member_id: string | null; currency: string; due_date: string | Date; owed: string }[] = await this.dataSource.query(
      `SELECT i.company_id, i.billed_member_id, i.currency, i.due_date,
              i.total_minor
                - coalesce((SELECT sum(p.amount_minor) FROM payments p
                             WHERE p.invoice_id = i.id AND p.status = 'COMPLETED' AND (p.received_at AT TIME ZONE $4)::date <= $1), 0)
                + coalesce((SELECT sum(r.amount_minor) FROM refunds r JOIN payments p ON p.id = r.payment_id
                             WHERE p.invoice_id = i.id AND r.status = 'COMPLETED' AND (r.refunded_at AT TIME ZONE $4)::date <= $1), 0)
                + coalesce((SELECT sum(d.amount_minor) FROM payment_disputes d JOIN payments p ON p.id = d.payment_id
                             WHERE p.invoice_id = i.id AND d.status = 'LOST' AND (d.closed_at AT TIME ZONE $4)::date <= $1), 0)
                - coalesce((SELECT sum(c.applied_minor) FROM credit_notes c WHERE c.invoice_id = i.id AND c.issue_date <= $1), 0) AS owed
         FROM invoices i
        WHERE i.issue_date <= $1 AND (i.status <> 'VOID' OR (i.voided_at AT TIME ZONE $4)::date > $1)
          AND ($2::uuid IS NULL OR i.company_id = $2) AND ($3::uuid IS NULL OR i.billed_member_id = $3)`,
      [asOf, companyId ?? null, memberId ?? null, BUSINESS_TIME_ZONE],
    );
    const perCurrency = new Map<string, AgeingTotals>();
    const perDebtor = new Map<string, { companyId: string | null; memberId: string | null; currency: string; totals: AgeingTotals }>();
    for (const row of rows) {
      const owed = minorFromSql(row.owed);
      if (owed <= 0) continue;
      const dueDate = toIsoDate(row.due_date);
      const currencyTotals = perCurrency.get(row.currency) ?? emptyAgeing();
      addToAgeing(currencyTotals, dueDate, asOf, owed);
      perCurrency.set(row.currency, currencyTotals);
      // A company's invoice is the company's debt; a member is the debtor only of what is billed to them alone.
      const debtor = row.company_id ? { companyId: row.company_id, memberId: null } : { companyId: null, memberId: row.billed_member_id };
      const key = `${debtor.companyId ?? ''}:${debtor.memberId ?? ''}:${row.currency}`;
      const entry = perDebtor.get(key) ?? { ...debtor, currency: row.currency, totals: emptyAgeing() };
      addToAgeing(entry.totals, dueDate, asOf, owed);
      perDebtor.set(key, entry);
    }
    const currencies = [...perCurrency.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, totals]) => buckets(currency, totals));
    const debtors: AgeingDebtor[] = [...perDebtor.values()]
      .sort((a, b) => b.totals.total - a.totals.total || `${a.companyId}${a.memberId}`.localeCompare(`${b.companyId}${b.memberId}`))
      .map((d) => ({ ...buckets(d.currency, d.totals), companyId: d.companyId, memberId: d.memberId }));
    return { asOf, currencies, debtors };
  }

  /**
   * Premiums written and earned, claims incurred and paid, and the loss ratio over `[from, to]`,
   * per group and currency. Scheme and employer come from finance's copy of each policy; a claim
   * is placed by the policy covering its member.
   */
  async financialReport(from: string, to: string, groupBy: ReportGrouping): Promise<FinancialReport> {
    const violations = new Violations();
    if (!isIsoDate(from)) violations.add('from', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
    if (!isIsoDate(to)) violations.add('to', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
    else if (isIsoDate(from) && to < from) violations.add('to', 'AFTER_FROM', 'cannot be before from');
    violations.throwIfAny();
    const totals = new Map<string, RowTotals>();
    const row = (groupId: string | null, currency: string): RowTotals => {
      const key = `${groupId ?? ''}:${currency}`;
      let found = totals.get(key);
      if (!found) {
        found = { groupId, currency, written: 0, earned: 0, incurred: 0, paid: 0 };
        totals.set(key, found);
      }
      return found;
    };

    // Premium billed, and credited back, for cover overlapping the period or issued in it.
    const premiums: { group_id: string | null; currency: string; net_minor: string; period_start: string | Date; period_end: string | Date; issue_date: string | Date; sign: number }[] =
      await this.dataSource.query(
        `SELECT ${groupSql(groupBy, 'i.company_id')} AS group_id, l.currency, l.net_minor, l.period_start, l.period_end, i.issue_date, 1 AS sign
           FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id LEFT JOIN billing_policies bp ON bp.policy_id = l.policy_id
          WHERE l.kind IN ('PREMIUM', 'SUPPLEMENTARY') AND NOT l.voided AND i.status <> 'VOID'
            AND ((l.period_start <= $2 AND l.period_end >= $1) OR i.issue_date BETWEEN $1 AND $2)
         UNION ALL
         SELECT ${groupSql(groupBy, 'c.company_id')}, c.currency, c.net_minor, c.period_start, c.period_end, c.issue_date, -1
           FROM credit_notes c LEFT JOIN billing_policies bp ON bp.policy_id = c.policy_id
          WHERE (c.period_start <= $2 AND c.period_end >= $1) OR c.issue_date BETWEEN $1 AND $2`,
        [from, to],
      );
    for (const p of premiums) {
      const target = row(p.group_id, p.currency);
      const net = minorFromSql(p.net_minor) * Number(p.sign);
      const issued = toIsoDate(p.issue_date);
      if (issued >= from && issued <= to) target.written += net;
      target.earned += Math.sign(net) * earnedPremium(Math.abs(net), toIsoDate(p.period_start), toIsoDate(p.period_end), from, to);
    }

    const claims: { group_id: string | null; currency: string; incurred: string; paid: string }[] = await this.dataSource.query(
      `WITH incurred AS (
         SELECT s.member_id AS member_ref, s.currency, s.amount_minor AS incurred, 0::bigint AS paid
           FROM settlements s
          WHERE s.status IN ('PENDING_PAYMENT', 'PAID') AND coalesce(s.service_date, (s.decided_at AT TIME ZONE $3)::date) BETWEEN $1 AND $2
         UNION ALL
         SELECT s.member_id, s.currency, 0, s.amount_minor
           FROM settlements s
          WHERE s.status = 'PAID' AND (s.paid_at AT TIME ZONE $3)::date BETWEEN $1 AND $2
       )
       SELECT ${groupSql(groupBy, 'NULL::uuid')} AS group_id, c.currency, sum(c.incurred) AS incurred, sum(c.paid) AS paid
         FROM incurred c ${POLICY_OF_MEMBER.replace('member_ref', 'c.member_ref')}
        GROUP BY 1, 2`,
      [from, to, BUSINESS_TIME_ZONE],
    );
    for (const c of claims) {
      const target = row(c.group_id, c.currency);
      target.incurred += minorFromSql(c.incurred);
      target.paid += minorFromSql(c.paid);
    }

    const rows: FinancialReportRow[] = [...totals.values()]
      .sort((a, b) => `${a.groupId ?? ''}:${a.currency}`.localeCompare(`${b.groupId ?? ''}:${b.currency}`))
      .map((t) => {
        const bps = lossRatioBps(t.incurred, t.earned);
        return {
          groupId: t.groupId,
          currency: t.currency,
          premiumsWritten: Money.of(t.written, t.currency),
          premiumsEarned: Money.of(t.earned, t.currency),
          claimsIncurred: Money.of(t.incurred, t.currency),
          claimsPaid: Money.of(t.paid, t.currency),
          lossRatioBps: bps,
          lossRatio: bps === null ? null : formatRatio(bps),
        };
      });
    return { from, to, groupBy, rows };
  }
}
